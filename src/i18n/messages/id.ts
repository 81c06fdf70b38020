import type { Messages } from "./types";

// "Anda" throughout, except the text a signer shares with people they know. Indonesian has one plural form.
export default {
  progress: {
    other: "{count} tanda tangan · Target: {goal}",
  },
  name: "Nama lengkap",
  email: "Alamat email",
  country: "Negara",
  chooseCountry: "Pilih negara Anda",
  postcode: "Kode pos",
  optional: "(opsional)",
  submit: "Tanda tangani petisi",
  sending: "Mengirim tanda tangan Anda…",
  fixErrors: "Mohon perbaiki kolom yang ditandai di bawah.",
  failed: "Tanda tangan Anda tidak dapat dikirim. Silakan coba lagi.",
  emailExample: "nama@contoh.org",
  errors: {
    email: "Masukkan alamat email yang valid, misalnya {example}.",
    name: "Masukkan nama Anda.",
    postcode: "Masukkan kode pos Anda.",
    country: "Pilih negara dari daftar.",
    challenge: "Mohon selesaikan verifikasi bahwa Anda bukan robot.",
  },
  frameTitle: "Tanda tangani petisi",
  signOnItsOwnPage: "Tanda tangani petisi di halamannya sendiri",
  closed: "Petisi ini sudah ditutup dan tidak lagi menerima tanda tangan.",
  notSigned: "Tanda tangan Anda tidak diterima",
  back: "Kembali ke formulir",
  thanksTitle: "Terima kasih telah menandatangani!",
  thanksCount: {
    other: "Sejauh ini {count} orang telah menandatangani.",
  },
  countUpdates: "Jumlahnya diperbarui setiap menit.",
  share: "Ajak teman-teman Anda ikut menandatangani:",
  shareText: "Saya sudah menandatangani “{title}”. Yuk, ikut tanda tangan!",
  shareByEmail: "Lewat email",
  shareLink: "Tautan untuk dibagikan",
  shareSheet: "Cara lain untuk berbagi",
  confirmation: {
    subject: "Konfirmasi tanda tangan Anda: {title}",
    reminderSubject: "Pengingat: konfirmasi tanda tangan Anda: {title}",
    body: "Terima kasih telah menandatangani “{title}”.\n\nTanda tangan Anda baru dihitung setelah Anda mengonfirmasinya. Buka tautan ini dan tekan tombolnya:\n{link}",
    reminderBody:
      "Tanda tangan Anda pada “{title}” belum dikonfirmasi, jadi belum dihitung.\n\nBuka tautan ini dan tekan tombolnya untuk mengonfirmasi:\n{link}",
    linkValidity: {
      other: "Tautan ini berlaku selama {count} hari.",
    },
    ignore:
      "Jika Anda tidak menandatangani petisi ini, abaikan email ini: tidak ada yang dihitung, dan data yang Anda ketik akan dihapus saat tautan kedaluwarsa.",
    pageTitle: "Konfirmasi tanda tangan Anda",
    pageText: "Tekan tombol untuk mengonfirmasi tanda tangan Anda pada “{title}”.",
    button: "Konfirmasi tanda tangan saya",
    confirmedTitle: "Tanda tangan Anda sudah dikonfirmasi",
    confirmedText: "Terima kasih. Tanda tangan Anda akan dihitung dalam beberapa menit.",
    invalid: "Tautan konfirmasi ini tidak valid. Salin seluruh tautan dari email ke peramban Anda.",
    expired: "Tautan konfirmasi ini sudah kedaluwarsa. Tanda tangani petisi lagi untuk mendapatkan tautan baru.",
    used: "Tautan ini sudah pernah digunakan atau sudah kedaluwarsa. Tanda tangan yang sudah dikonfirmasi tetap dihitung.",
    closed: "Petisi ini ditutup sebelum tanda tangan Anda dikonfirmasi, jadi tanda tangan itu tidak dihitung.",
    pending:
      "Periksa email Anda: tanda tangan Anda dihitung setelah Anda mengonfirmasinya lewat tautan yang kami kirim.",
  },
  problems: {
    notFoundTitle: "Petisi tidak ditemukan",
    notFound: "Tidak ada petisi di alamat ini, atau petisinya belum dibuka. Periksa tautan yang Anda ikuti.",
    rateLimited:
      "Terlalu banyak tanda tangan dikirim dari jaringan Anda dalam waktu singkat. Mohon tunggu satu menit, lalu coba lagi.",
    challenge:
      "Saat ini banyak tanda tangan datang dari jaringan Anda. Mohon selesaikan verifikasi di bawah, lalu tanda tangani lagi.",
    unavailable:
      "Tanda tangan Anda tidak dapat disimpan saat ini, dan tidak ada data yang disimpan. Silakan coba lagi sebentar lagi.",
    forbiddenOrigin:
      "Situs ini tidak diizinkan mengumpulkan tanda tangan untuk petisi ini. Silakan tanda tangani di halaman petisi itu sendiri.",
  },
  privacy: "Pemberitahuan privasi",
  charts: {
    worldTitle: "Tanda tangan dari seluruh dunia",
    noSignatures: "Belum ada tanda tangan.",
    legendNone: "Tidak ada",
    notOnMap: "Tidak ada di peta: {countries}",
    countrySignatures: {
      other: "{country}: {count} tanda tangan",
    },
    byCountry: "Tanda tangan per negara: total {count}; terbanyak dari {country} ({top}).",
    goal: "Target: {goal}",
    milestone: {
      other: "{count} tanda tangan pada {date}",
    },
    growthSummary: {
      other: "{count} tanda tangan dari {from} hingga {to}.",
    },
    goalSentence: "Targetnya {goal}.",
    milestonesReached: {
      other: "{count} tonggak tercapai.",
    },
    unknownCountry: "Tidak diketahui",
  },
} satisfies Messages;
