import type { Messages } from "./types";

// "شما" throughout, except the text a signer shares with people they know ("تو"). An online petition is a "کارزار".
// A noun after a number stays singular; Intl writes Persian digits and the Solar Hijri calendar.
export default {
  progress: {
    one: "{count} امضا · هدف: {goal}",
    other: "{count} امضا · هدف: {goal}",
  },
  name: "نام و نام خانوادگی",
  email: "ایمیل",
  country: "کشور",
  chooseCountry: "کشور خود را انتخاب کنید",
  postcode: "کد پستی",
  optional: "(اختیاری)",
  submit: "امضای کارزار",
  sending: "در حال ارسال امضای شما…",
  fixErrors: "لطفاً فیلدهای مشخص‌شده در زیر را اصلاح کنید.",
  failed: "امضای شما ارسال نشد. لطفاً دوباره تلاش کنید.",
  emailExample: "name@example.org",
  errors: {
    email: "یک نشانی ایمیل معتبر وارد کنید، مانند {example}.",
    name: "نام خود را وارد کنید.",
    postcode: "کد پستی خود را وارد کنید.",
    country: "کشوری را از فهرست انتخاب کنید.",
    challenge: "لطفاً تأیید کنید که انسان هستید.",
  },
  frameTitle: "امضای کارزار",
  signOnItsOwnPage: "امضای کارزار در صفحهٔ خودش",
  closed: "این کارزار بسته شده است و دیگر امضا نمی‌پذیرد.",
  notSigned: "امضای شما ثبت نشد",
  back: "بازگشت به فرم",
  thanksTitle: "از امضای شما سپاسگزاریم!",
  thanksCount: {
    one: "تاکنون {count} نفر امضا کرده است.",
    other: "تاکنون {count} نفر امضا کرده‌اند.",
  },
  countUpdates: "این شمار هر دقیقه به‌روز می‌شود.",
  share: "از دوستان‌تان هم بخواهید امضا کنند:",
  shareText: "من «{title}» را امضا کردم. تو هم امضا می‌کنی؟",
  shareByEmail: "ارسال با ایمیل",
  confirmation: {
    subject: "امضای خود را تأیید کنید: {title}",
    reminderSubject: "یادآوری: امضای خود را تأیید کنید: {title}",
    body: "از اینکه «{title}» را امضا کردید سپاسگزاریم.\n\nامضای شما پس از تأیید شمرده می‌شود. این پیوند را باز کنید و دکمه را بزنید:\n{link}",
    reminderBody:
      "امضای شما برای «{title}» هنوز تأیید نشده است و به همین دلیل شمرده نمی‌شود.\n\nبرای تأیید، این پیوند را باز کنید و دکمه را بزنید:\n{link}",
    linkValidity: {
      one: "این پیوند تا {count} روز معتبر است.",
      other: "این پیوند تا {count} روز معتبر است.",
    },
    ignore:
      "اگر شما امضا نکرده‌اید، این ایمیل را نادیده بگیرید: چیزی شمرده نمی‌شود و اطلاعاتی که وارد شده است با پایان اعتبار پیوند پاک می‌شود.",
    pageTitle: "امضای خود را تأیید کنید",
    pageText: "برای تأیید امضای خود برای «{title}» دکمه را بزنید.",
    button: "امضایم را تأیید می‌کنم",
    confirmedTitle: "امضای شما تأیید شد",
    confirmedText: "سپاسگزاریم. تا چند دقیقهٔ دیگر شمرده می‌شود.",
    invalid: "این پیوند تأیید معتبر نیست. کل پیوند را از ایمیل در مرورگر خود کپی کنید.",
    expired: "اعتبار این پیوند تأیید به پایان رسیده است. برای دریافت پیوند تازه، کارزار را دوباره امضا کنید.",
    used: "این پیوند قبلاً استفاده شده یا اعتبارش به پایان رسیده است. امضای تأییدشده همچنان شمرده می‌شود.",
    closed: "این کارزار پیش از تأیید امضای شما بسته شد و به همین دلیل امضای شما شمرده نشد.",
    pending: "ایمیل خود را بررسی کنید: امضای شما پس از تأیید با پیوندی که فرستادیم شمرده می‌شود.",
  },
  problems: {
    notFoundTitle: "کارزار پیدا نشد",
    notFound: "در این نشانی کارزاری وجود ندارد یا هنوز باز نشده است. پیوندی را که دنبال کرده‌اید بررسی کنید.",
    rateLimited: "در زمانی کوتاه امضاهای زیادی از شبکهٔ شما رسید. لطفاً یک دقیقه صبر کنید و دوباره تلاش کنید.",
    unavailable: "امضای شما اکنون ذخیره نشد و هیچ اطلاعاتی نگه داشته نشد. لطفاً کمی بعد دوباره تلاش کنید.",
    forbiddenOrigin: "این وب‌سایت اجازهٔ جمع‌آوری امضا برای این کارزار را ندارد. لطفاً در صفحهٔ خود کارزار امضا کنید.",
  },
  privacy: "اطلاعیهٔ حریم خصوصی",
  charts: {
    worldTitle: "امضاها از سراسر جهان",
    noSignatures: "هنوز امضایی ثبت نشده است.",
    legendNone: "هیچ",
    notOnMap: "خارج از نقشه: {countries}",
    countrySignatures: {
      one: "{country}: {count} امضا",
      other: "{country}: {count} امضا",
    },
    byCountry: "امضاها بر اساس کشور: در مجموع {count}؛ بیشترین: {country} ({top}).",
    goal: "هدف: {goal}",
    milestone: {
      one: "{count} امضا در {date}",
      other: "{count} امضا در {date}",
    },
    growthSummary: {
      one: "{count} امضا از {from} تا {to}.",
      other: "{count} امضا از {from} تا {to}.",
    },
    goalSentence: "هدف {goal} امضاست.",
    milestonesReached: {
      one: "{count} مرحله پشت سر گذاشته شد.",
      other: "{count} مرحله پشت سر گذاشته شد.",
    },
    unknownCountry: "نامعلوم",
  },
} satisfies Messages;
