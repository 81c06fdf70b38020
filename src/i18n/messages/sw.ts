import type { Messages } from "./types";

// A petition is "ombi"; signing it is "kutia sahihi". "Sahihi" also means "correct", so a valid address is "halali".
// Numbers follow the noun ("sahihi 12,345"); "one" is said in words ("mtu mmoja").
export default {
  progress: {
    one: "Sahihi {count} · Lengo: {goal}",
    other: "Sahihi {count} · Lengo: {goal}",
  },
  name: "Jina kamili",
  email: "Barua pepe",
  country: "Nchi",
  chooseCountry: "Chagua nchi yako",
  postcode: "Msimbo wa posta",
  optional: "(si lazima)",
  submit: "Tia sahihi ombi hili",
  sending: "Tunatuma sahihi yako…",
  fixErrors: "Tafadhali rekebisha sehemu zilizowekwa alama hapa chini.",
  failed: "Sahihi yako haikuweza kutumwa. Tafadhali jaribu tena.",
  emailExample: "jina@mfano.org",
  errors: {
    email: "Weka anwani halali ya barua pepe, kwa mfano {example}.",
    name: "Weka jina lako.",
    postcode: "Weka msimbo wako wa posta.",
    country: "Chagua nchi kutoka kwenye orodha.",
    challenge: "Tafadhali kamilisha uthibitisho kwamba wewe ni binadamu.",
  },
  frameTitle: "Tia sahihi ombi",
  signOnItsOwnPage: "Tia sahihi ombi kwenye ukurasa wake",
  closed: "Ombi hili limefungwa na halipokei sahihi tena.",
  notSigned: "Sahihi yako haikupokelewa",
  back: "Rudi kwenye fomu",
  thanksTitle: "Asante kwa kutia sahihi!",
  thanksCount: {
    one: "Hadi sasa mtu mmoja ametia sahihi.",
    other: "Hadi sasa watu {count} wametia sahihi.",
  },
  countUpdates: "Idadi husasishwa kila dakika.",
  share: "Waombe marafiki zako nao watie sahihi:",
  shareText: "Nimetia sahihi “{title}”. Nawe utatia sahihi?",
  shareByEmail: "Barua pepe",
  shareLink: "Kiungo cha kushiriki",
  shareSheet: "Njia nyingine za kushiriki",
  confirmation: {
    subject: "Thibitisha sahihi yako: {title}",
    reminderSubject: "Ukumbusho: thibitisha sahihi yako: {title}",
    body: "Asante kwa kutia sahihi “{title}”.\n\nSahihi yako itahesabiwa utakapoithibitisha. Fungua kiungo hiki na ubonyeze kitufe:\n{link}",
    reminderBody:
      "Sahihi yako kwenye “{title}” bado haijathibitishwa, kwa hiyo haihesabiwi.\n\nFungua kiungo hiki na ubonyeze kitufe ili kuithibitisha:\n{link}",
    linkValidity: {
      one: "Kiungo hiki kinafanya kazi kwa siku moja.",
      other: "Kiungo hiki kinafanya kazi kwa siku {count}.",
    },
    ignore:
      "Kama hukutia sahihi, puuza barua pepe hii: hakuna kitakachohesabiwa, na ulichoandika kitafutwa muda wa kiungo ukiisha.",
    pageTitle: "Thibitisha sahihi yako",
    pageText: "Bonyeza kitufe ili kuthibitisha sahihi yako kwenye “{title}”.",
    button: "Thibitisha sahihi yangu",
    confirmedTitle: "Sahihi yako imethibitishwa",
    confirmedText: "Asante. Itahesabiwa ndani ya dakika chache.",
    invalid:
      "Kiungo hiki cha uthibitisho si halali. Nakili kiungo chote kutoka kwenye barua pepe hadi kwenye kivinjari chako.",
    expired: "Muda wa kiungo hiki cha uthibitisho umekwisha. Tia sahihi ombi tena ili upate kiungo kipya.",
    used: "Kiungo hiki kimeshatumika, au muda wake umekwisha. Sahihi iliyothibitishwa inaendelea kuhesabiwa.",
    closed: "Ombi hili lilifungwa kabla sahihi yako haijathibitishwa, kwa hiyo haikuhesabiwa.",
    pending: "Angalia barua pepe yako: sahihi yako itahesabiwa utakapoithibitisha kwa kiungo tulichotuma.",
  },
  problems: {
    notFoundTitle: "Ombi halikupatikana",
    notFound: "Hakuna ombi kwenye anwani hii, au bado halijafunguliwa. Angalia kiungo ulichofuata.",
    rateLimited:
      "Sahihi nyingi mno zimetoka kwenye mtandao wako kwa muda mfupi. Tafadhali subiri dakika moja kisha ujaribu tena.",
    challenge:
      "Sahihi nyingi zinatoka kwenye mtandao wako kwa sasa. Tafadhali kamilisha uthibitisho ulio hapa chini, kisha utie sahihi tena.",
    unavailable:
      "Sahihi yako haikuweza kuhifadhiwa sasa hivi, na hakuna kilichohifadhiwa. Tafadhali jaribu tena baada ya muda mfupi.",
    forbiddenOrigin:
      "Tovuti hii hairuhusiwi kukusanya sahihi za ombi hili. Tafadhali tia sahihi kwenye ukurasa wa ombi lenyewe.",
  },
  privacy: "Ilani ya faragha",
  charts: {
    worldTitle: "Sahihi kutoka kote duniani",
    noSignatures: "Bado hakuna sahihi.",
    legendNone: "Hakuna",
    notOnMap: "Hazipo kwenye ramani: {countries}",
    countrySignatures: {
      one: "{country}: sahihi {count}",
      other: "{country}: sahihi {count}",
    },
    byCountry: "Sahihi kwa nchi: jumla {count}; nyingi zaidi kutoka {country} ({top}).",
    goal: "Lengo: {goal}",
    milestone: {
      one: "Sahihi {count} tarehe {date}",
      other: "Sahihi {count} tarehe {date}",
    },
    growthSummary: {
      one: "Sahihi {count} kuanzia {from} hadi {to}.",
      other: "Sahihi {count} kuanzia {from} hadi {to}.",
    },
    goalSentence: "Lengo ni {goal}.",
    milestonesReached: {
      one: "Hatua moja imefikiwa.",
      other: "Hatua {count} zimefikiwa.",
    },
    unknownCountry: "Haijulikani",
  },
} satisfies Messages;
