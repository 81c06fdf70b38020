import type { Messages } from "./types";

// です・ます throughout. A petition is a "署名キャンペーン"; signers are counted in people (人). One plural form.
export default {
  progress: {
    other: "{count} 人が署名 · 目標：{goal} 人",
  },
  name: "氏名",
  email: "メールアドレス",
  country: "国・地域",
  chooseCountry: "国・地域を選択してください",
  postcode: "郵便番号",
  optional: "（任意）",
  submit: "署名する",
  sending: "署名を送信しています…",
  fixErrors: "下の印の付いた項目を修正してください。",
  failed: "署名を送信できませんでした。もう一度お試しください。",
  emailExample: "name@example.org",
  errors: {
    email: "有効なメールアドレスを入力してください（例：{example}）。",
    name: "お名前を入力してください。",
    postcode: "郵便番号を入力してください。",
    country: "リストから国・地域を選択してください。",
    challenge: "ロボットでないことの確認を完了してください。",
  },
  frameTitle: "署名フォーム",
  signOnItsOwnPage: "キャンペーンのページで署名する",
  closed: "この署名キャンペーンは終了しました。現在は署名を受け付けていません。",
  notSigned: "署名は受け付けられませんでした",
  back: "フォームに戻る",
  thanksTitle: "ご署名ありがとうございます！",
  thanksCount: {
    other: "これまでに {count} 人が署名しました。",
  },
  countUpdates: "人数は1分ごとに更新されます。",
  share: "まわりの人にも署名を呼びかけてください：",
  shareText: "「{title}」に署名しました。あなたも署名しませんか？",
  shareByEmail: "メールで送る",
  shareLink: "共有用リンク",
  shareSheet: "その他の共有方法",
  confirmation: {
    subject: "署名の確認をお願いします：{title}",
    reminderSubject: "【リマインダー】署名の確認をお願いします：{title}",
    body: "「{title}」にご署名いただき、ありがとうございます。\n\n署名は確認後にカウントされます。次のリンクを開いて、ボタンを押してください：\n{link}",
    reminderBody:
      "「{title}」へのご署名はまだ確認されていないため、カウントされていません。\n\n確認するには、次のリンクを開いて、ボタンを押してください：\n{link}",
    linkValidity: {
      other: "このリンクの有効期間は {count} 日間です。",
    },
    ignore:
      "お心当たりがない場合は、このメールを無視してください。署名はカウントされず、入力された情報はリンクの有効期限が切れた時点で削除されます。",
    pageTitle: "署名の確認",
    pageText: "ボタンを押して、「{title}」への署名を確認してください。",
    button: "署名を確認する",
    confirmedTitle: "署名が確認されました",
    confirmedText: "ありがとうございます。数分以内にカウントされます。",
    invalid: "この確認リンクは無効です。メールに記載されたリンクを、最後までブラウザにコピーしてください。",
    expired: "この確認リンクは有効期限が切れています。新しいリンクを受け取るには、もう一度署名してください。",
    used: "このリンクはすでに使用されたか、有効期限が切れています。確認済みの署名は引き続きカウントされます。",
    closed: "署名の確認前にこのキャンペーンが終了したため、署名はカウントされませんでした。",
    pending: "メールをご確認ください。お送りしたリンクで確認すると、署名がカウントされます。",
  },
  problems: {
    notFoundTitle: "署名キャンペーンが見つかりません",
    notFound: "このアドレスには署名キャンペーンがないか、まだ公開されていません。リンクをご確認ください。",
    rateLimited:
      "短時間に、お使いのネットワークから多くの署名が送信されました。1分ほど待ってから、もう一度お試しください。",
    challenge:
      "現在、お使いのネットワークから多くの署名が届いています。下の確認を完了してから、もう一度署名してください。",
    unavailable:
      "現在、署名を保存できませんでした。データは何も保存されていません。しばらくしてから、もう一度お試しください。",
    forbiddenOrigin:
      "このウェブサイトでは、このキャンペーンの署名を集めることはできません。キャンペーンのページで署名してください。",
  },
  privacy: "プライバシーに関するお知らせ",
  charts: {
    worldTitle: "世界からの署名",
    noSignatures: "まだ署名はありません。",
    legendNone: "なし",
    notOnMap: "地図に表示されていない国・地域：{countries}",
    countrySignatures: {
      other: "{country}：{count} 人",
    },
    byCountry: "国・地域別の署名：合計 {count} 人、最多は{country}（{top} 人）。",
    goal: "目標：{goal} 人",
    milestone: {
      other: "{date}に {count} 人に到達",
    },
    growthSummary: {
      other: "{from}から{to}までに {count} 人が署名。",
    },
    goalSentence: "目標は {goal} 人です。",
    milestonesReached: {
      other: "{count} 個の節目を達成。",
    },
    unknownCountry: "不明",
  },
} satisfies Messages;
