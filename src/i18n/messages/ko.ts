import type { Messages } from "./types";

// Polite style (해요체/합쇼체), "-해 주세요" for requests. Signers are counted in people (명). One plural form.
export default {
  progress: {
    other: "{count}명 서명 · 목표 {goal}명",
  },
  name: "이름",
  email: "이메일",
  country: "국가",
  chooseCountry: "국가를 선택하세요",
  postcode: "우편번호",
  optional: "(선택)",
  submit: "청원에 서명하기",
  sending: "서명을 보내는 중…",
  fixErrors: "아래 표시된 항목을 수정해 주세요.",
  failed: "서명을 보내지 못했습니다. 다시 시도해 주세요.",
  emailExample: "name@example.org",
  errors: {
    email: "올바른 이메일 주소를 입력해 주세요(예: {example}).",
    name: "이름을 입력해 주세요.",
    postcode: "우편번호를 입력해 주세요.",
    country: "목록에서 국가를 선택해 주세요.",
    challenge: "사람인지 확인하는 절차를 완료해 주세요.",
  },
  frameTitle: "청원 서명",
  signOnItsOwnPage: "청원 페이지에서 서명하기",
  closed: "이 청원은 마감되어 더 이상 서명을 받지 않습니다.",
  notSigned: "서명이 접수되지 않았습니다",
  back: "양식으로 돌아가기",
  thanksTitle: "서명해 주셔서 감사합니다!",
  thanksCount: {
    other: "지금까지 {count}명이 서명했습니다.",
  },
  countUpdates: "서명 수는 1분마다 업데이트됩니다.",
  share: "주변 사람들에게도 서명을 부탁해 주세요:",
  shareText: "“{title}” 청원에 서명했어요. 함께해 주실래요?",
  shareByEmail: "이메일로 보내기",
  shareLink: "공유 링크",
  shareSheet: "다른 방법으로 공유",
  confirmation: {
    subject: "서명을 확인해 주세요: {title}",
    reminderSubject: "알림: 서명을 확인해 주세요: {title}",
    body: "“{title}”에 서명해 주셔서 감사합니다.\n\n서명은 확인을 마쳐야 집계됩니다. 아래 링크를 열고 버튼을 눌러 주세요:\n{link}",
    reminderBody:
      "“{title}”에 하신 서명이 아직 확인되지 않아 집계되지 않고 있습니다.\n\n아래 링크를 열고 버튼을 눌러 확인해 주세요:\n{link}",
    linkValidity: {
      other: "이 링크는 {count}일 동안 유효합니다.",
    },
    ignore:
      "서명하지 않으셨다면 이 이메일을 무시하세요. 아무것도 집계되지 않으며, 입력하신 정보는 링크가 만료될 때 삭제됩니다.",
    pageTitle: "서명 확인",
    pageText: "버튼을 눌러 “{title}”에 대한 서명을 확인해 주세요.",
    button: "서명 확인하기",
    confirmedTitle: "서명이 확인되었습니다",
    confirmedText: "감사합니다. 몇 분 안에 집계됩니다.",
    invalid: "유효하지 않은 확인 링크입니다. 이메일에 있는 링크 전체를 복사해 브라우저에 붙여 넣어 주세요.",
    expired: "확인 링크가 만료되었습니다. 새 링크를 받으려면 청원에 다시 서명해 주세요.",
    used: "이미 사용되었거나 만료된 링크입니다. 확인된 서명은 계속 집계됩니다.",
    closed: "서명이 확인되기 전에 청원이 마감되어 집계되지 않았습니다.",
    pending: "이메일을 확인해 주세요. 보내 드린 링크로 확인하시면 서명이 집계됩니다.",
  },
  problems: {
    notFoundTitle: "청원을 찾을 수 없습니다",
    notFound: "이 주소에는 청원이 없거나 아직 공개되지 않았습니다. 접속하신 링크를 확인해 주세요.",
    rateLimited:
      "짧은 시간 동안 사용 중인 네트워크에서 너무 많은 서명이 들어왔습니다. 1분 정도 기다린 뒤 다시 시도해 주세요.",
    challenge: "지금 사용 중인 네트워크에서 많은 서명이 들어오고 있습니다. 아래 확인을 완료한 뒤 다시 서명해 주세요.",
    unavailable: "지금은 서명을 저장하지 못했으며, 아무 정보도 보관되지 않았습니다. 잠시 후 다시 시도해 주세요.",
    forbiddenOrigin: "이 웹사이트에서는 이 청원의 서명을 받을 수 없습니다. 청원 페이지에서 직접 서명해 주세요.",
  },
  privacy: "개인정보 처리방침",
  charts: {
    worldTitle: "전 세계 서명",
    noSignatures: "아직 서명이 없습니다.",
    legendNone: "없음",
    notOnMap: "지도에 없는 국가: {countries}",
    countrySignatures: {
      other: "{country}: {count}명",
    },
    byCountry: "국가별 서명: 총 {count}명, 가장 많은 국가는 {country}({top}명)입니다.",
    goal: "목표: {goal}명",
    milestone: {
      other: "{date} {count}명 달성",
    },
    growthSummary: {
      other: "{from}부터 {to}까지 {count}명이 서명했습니다.",
    },
    goalSentence: "목표는 {goal}명입니다.",
    milestonesReached: {
      other: "이정표 {count}개를 달성했습니다.",
    },
    unknownCountry: "알 수 없음",
  },
} satisfies Messages;
