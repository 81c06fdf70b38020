import type { Messages } from "./types";

// "Bạn" throughout, "mình" in the text a signer shares with people they know. A petition is a "kiến nghị". One plural form.
export default {
  progress: {
    other: "{count} chữ ký · Mục tiêu: {goal}",
  },
  name: "Họ và tên",
  email: "Địa chỉ email",
  country: "Quốc gia",
  chooseCountry: "Chọn quốc gia của bạn",
  postcode: "Mã bưu chính",
  optional: "(không bắt buộc)",
  submit: "Ký tên ủng hộ kiến nghị",
  sending: "Đang gửi chữ ký của bạn…",
  fixErrors: "Vui lòng sửa các ô được đánh dấu bên dưới.",
  failed: "Không gửi được chữ ký của bạn. Vui lòng thử lại.",
  emailExample: "ten@vidu.org",
  errors: {
    email: "Nhập địa chỉ email hợp lệ, ví dụ {example}.",
    name: "Nhập tên của bạn.",
    postcode: "Nhập mã bưu chính của bạn.",
    country: "Chọn một quốc gia trong danh sách.",
    challenge: "Vui lòng hoàn tất bước xác minh bạn là người thật.",
  },
  frameTitle: "Ký tên ủng hộ kiến nghị",
  signOnItsOwnPage: "Ký tên trên trang riêng của kiến nghị",
  closed: "Kiến nghị này đã đóng và không còn nhận chữ ký.",
  notSigned: "Chữ ký của bạn chưa được ghi nhận",
  back: "Quay lại biểu mẫu",
  thanksTitle: "Cảm ơn bạn đã ký tên!",
  thanksCount: {
    other: "Đến nay đã có {count} người ký tên.",
  },
  countUpdates: "Số liệu được cập nhật mỗi phút.",
  share: "Mời bạn bè cùng ký tên:",
  shareText: "Mình đã ký tên ủng hộ “{title}”. Bạn cũng ký nhé?",
  shareByEmail: "Gửi qua email",
  shareLink: "Liên kết để chia sẻ",
  shareSheet: "Cách chia sẻ khác",
  confirmation: {
    subject: "Xác nhận chữ ký của bạn: {title}",
    reminderSubject: "Nhắc nhở: xác nhận chữ ký của bạn: {title}",
    body: "Cảm ơn bạn đã ký tên ủng hộ “{title}”.\n\nChữ ký của bạn chỉ được tính sau khi bạn xác nhận. Hãy mở liên kết này và nhấn nút:\n{link}",
    reminderBody:
      "Chữ ký của bạn cho “{title}” chưa được xác nhận nên chưa được tính.\n\nHãy mở liên kết này và nhấn nút để xác nhận:\n{link}",
    linkValidity: {
      other: "Liên kết có hiệu lực trong {count} ngày.",
    },
    ignore:
      "Nếu bạn không ký tên, hãy bỏ qua email này: sẽ không có gì được tính, và những gì bạn đã nhập sẽ bị xóa khi liên kết hết hạn.",
    pageTitle: "Xác nhận chữ ký của bạn",
    pageText: "Nhấn nút để xác nhận chữ ký của bạn cho “{title}”.",
    button: "Xác nhận chữ ký của tôi",
    confirmedTitle: "Chữ ký của bạn đã được xác nhận",
    confirmedText: "Cảm ơn bạn. Chữ ký sẽ được tính trong vài phút.",
    invalid: "Liên kết xác nhận này không hợp lệ. Hãy sao chép toàn bộ liên kết trong email vào trình duyệt.",
    expired: "Liên kết xác nhận này đã hết hạn. Hãy ký lại kiến nghị để nhận liên kết mới.",
    used: "Liên kết này đã được dùng hoặc đã hết hạn. Chữ ký đã xác nhận vẫn được tính.",
    closed: "Kiến nghị này đã đóng trước khi chữ ký của bạn được xác nhận, nên chữ ký không được tính.",
    pending: "Hãy kiểm tra email: chữ ký của bạn sẽ được tính sau khi bạn xác nhận bằng liên kết chúng tôi đã gửi.",
  },
  problems: {
    notFoundTitle: "Không tìm thấy kiến nghị",
    notFound:
      "Không có kiến nghị nào ở địa chỉ này, hoặc kiến nghị chưa được mở. Hãy kiểm tra lại liên kết bạn đã dùng.",
    rateLimited:
      "Có quá nhiều chữ ký được gửi từ mạng của bạn trong thời gian ngắn. Vui lòng đợi một phút rồi thử lại.",
    challenge: "Hiện có nhiều chữ ký được gửi từ mạng của bạn. Vui lòng hoàn tất bước xác minh bên dưới rồi ký lại.",
    unavailable:
      "Hiện chưa thể lưu chữ ký của bạn và không có dữ liệu nào được giữ lại. Vui lòng thử lại sau giây lát.",
    forbiddenOrigin:
      "Trang web này không được phép thu thập chữ ký cho kiến nghị này. Vui lòng ký tên trên trang của chính kiến nghị.",
  },
  privacy: "Thông báo về quyền riêng tư",
  charts: {
    worldTitle: "Chữ ký trên toàn thế giới",
    noSignatures: "Chưa có chữ ký nào.",
    legendNone: "Không có",
    notOnMap: "Không có trên bản đồ: {countries}",
    countrySignatures: {
      other: "{country}: {count} chữ ký",
    },
    byCountry: "Chữ ký theo quốc gia: tổng cộng {count}; nhiều nhất: {country} ({top}).",
    goal: "Mục tiêu: {goal}",
    milestone: {
      other: "{count} chữ ký vào {date}",
    },
    growthSummary: {
      other: "{count} chữ ký từ {from} đến {to}.",
    },
    goalSentence: "Mục tiêu là {goal}.",
    milestonesReached: {
      other: "Đã đạt {count} mốc.",
    },
    unknownCountry: "Không rõ",
  },
} satisfies Messages;
