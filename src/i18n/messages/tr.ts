import type { Messages } from "./types";

// "Siz" throughout, except the text a signer shares with people they know ("sen"). An online petition is a "kampanya".
// A noun after a number stays singular, so both plural forms read the same.
export default {
  progress: {
    one: "{count} imza · Hedef: {goal}",
    other: "{count} imza · Hedef: {goal}",
  },
  name: "Ad soyad",
  email: "E-posta",
  country: "Ülke",
  chooseCountry: "Ülkenizi seçin",
  postcode: "Posta kodu",
  optional: "(isteğe bağlı)",
  submit: "Kampanyayı imzalayın",
  sending: "İmzanız gönderiliyor…",
  fixErrors: "Lütfen aşağıda işaretlenen alanları düzeltin.",
  failed: "İmzanız gönderilemedi. Lütfen tekrar deneyin.",
  emailExample: "ad@ornek.org",
  errors: {
    email: "Geçerli bir e-posta adresi girin, örneğin {example}.",
    name: "Adınızı girin.",
    postcode: "Posta kodunuzu girin.",
    country: "Listeden bir ülke seçin.",
    challenge: "Lütfen insan olduğunuzu doğrulayın.",
  },
  frameTitle: "Kampanyayı imzalayın",
  signOnItsOwnPage: "Kampanyayı kendi sayfasında imzalayın",
  closed: "Bu kampanya kapandı ve artık imza kabul etmiyor.",
  notSigned: "İmzanız alınamadı",
  back: "Forma geri dön",
  thanksTitle: "İmzanız için teşekkürler!",
  thanksCount: {
    one: "Şu ana kadar {count} kişi imzaladı.",
    other: "Şu ana kadar {count} kişi imzaladı.",
  },
  countUpdates: "Sayı her dakika güncellenir.",
  share: "Arkadaşlarınızdan da imzalamalarını isteyin:",
  shareText: "“{title}” kampanyasını imzaladım. Sen de imzalar mısın?",
  shareByEmail: "E-posta",
  shareLink: "Paylaşım bağlantısı",
  shareSheet: "Diğer paylaşım yolları",
  confirmation: {
    subject: "İmzanızı onaylayın: {title}",
    reminderSubject: "Hatırlatma: İmzanızı onaylayın: {title}",
    body: "“{title}” kampanyasını imzaladığınız için teşekkürler.\n\nİmzanız, onayladığınızda sayılır. Bu bağlantıyı açın ve düğmeye basın:\n{link}",
    reminderBody:
      "“{title}” kampanyasındaki imzanız henüz onaylanmadı, bu yüzden sayılmıyor.\n\nOnaylamak için bu bağlantıyı açın ve düğmeye basın:\n{link}",
    linkValidity: {
      one: "Bağlantı {count} gün geçerlidir.",
      other: "Bağlantı {count} gün geçerlidir.",
    },
    ignore:
      "Bu kampanyayı siz imzalamadıysanız bu e-postayı dikkate almayın: hiçbir şey sayılmaz ve girilen bilgiler bağlantının süresi dolduğunda silinir.",
    pageTitle: "İmzanızı onaylayın",
    pageText: "“{title}” kampanyasındaki imzanızı onaylamak için düğmeye basın.",
    button: "İmzamı onayla",
    confirmedTitle: "İmzanız onaylandı",
    confirmedText: "Teşekkürler. Birkaç dakika içinde sayılacak.",
    invalid: "Bu onay bağlantısı geçerli değil. E-postadaki bağlantının tamamını tarayıcınıza kopyalayın.",
    expired: "Bu onay bağlantısının süresi doldu. Yeni bir bağlantı almak için kampanyayı yeniden imzalayın.",
    used: "Bu bağlantı daha önce kullanılmış ya da süresi dolmuş. Onaylanmış bir imza sayılmaya devam eder.",
    closed: "Bu kampanya, imzanız onaylanmadan kapandı; bu yüzden imzanız sayılmadı.",
    pending: "E-postanızı kontrol edin: imzanız, gönderdiğimiz bağlantıyla onayladığınızda sayılır.",
  },
  problems: {
    notFoundTitle: "Kampanya bulunamadı",
    notFound: "Bu adreste bir kampanya yok ya da henüz yayında değil. Tıkladığınız bağlantıyı kontrol edin.",
    rateLimited: "Kısa sürede ağınızdan çok fazla imza geldi. Lütfen bir dakika bekleyip tekrar deneyin.",
    challenge:
      "Şu anda ağınızdan çok sayıda imza geliyor. Lütfen aşağıdaki doğrulamayı tamamlayın ve ardından yeniden imzalayın.",
    unavailable: "İmzanız şu anda kaydedilemedi ve hiçbir bilgi saklanmadı. Lütfen biraz sonra tekrar deneyin.",
    forbiddenOrigin: "Bu site, bu kampanya için imza toplayamaz. Lütfen kampanyanın kendi sayfasında imzalayın.",
  },
  privacy: "Gizlilik bildirimi",
  charts: {
    worldTitle: "Dünya genelinde imzalar",
    noSignatures: "Henüz imza yok.",
    legendNone: "Yok",
    notOnMap: "Haritada gösterilemeyenler: {countries}",
    countrySignatures: {
      one: "{country}: {count} imza",
      other: "{country}: {count} imza",
    },
    byCountry: "Ülkelere göre imzalar: toplam {count}; en çok imza: {country} ({top}).",
    goal: "Hedef: {goal}",
    milestone: {
      one: "{date}: {count} imza",
      other: "{date}: {count} imza",
    },
    growthSummary: {
      one: "{from} ile {to} arasında {count} imza.",
      other: "{from} ile {to} arasında {count} imza.",
    },
    goalSentence: "Hedeflenen imza sayısı: {goal}.",
    milestonesReached: {
      one: "{count} aşamaya ulaşıldı.",
      other: "{count} aşamaya ulaşıldı.",
    },
    unknownCountry: "Bilinmeyen ülke",
  },
} satisfies Messages;
