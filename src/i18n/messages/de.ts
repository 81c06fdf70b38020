import type { Messages } from "./types";

// "Sie" throughout, except the text a signer shares with people they know ("du").
export default {
  progress: {
    one: "{count} Unterschrift · Ziel: {goal}",
    other: "{count} Unterschriften · Ziel: {goal}",
  },
  name: "Vollständiger Name",
  email: "E-Mail-Adresse",
  country: "Land",
  chooseCountry: "Wählen Sie Ihr Land",
  postcode: "Postleitzahl",
  optional: "(optional)",
  submit: "Petition unterschreiben",
  sending: "Ihre Unterschrift wird gesendet …",
  fixErrors: "Bitte korrigieren Sie die markierten Felder.",
  failed: "Ihre Unterschrift konnte nicht gesendet werden. Bitte versuchen Sie es erneut.",
  emailExample: "name@beispiel.org",
  errors: {
    email: "Geben Sie eine gültige E-Mail-Adresse ein, z. B. {example}.",
    name: "Geben Sie Ihren Namen ein.",
    postcode: "Geben Sie Ihre Postleitzahl ein.",
    country: "Wählen Sie ein Land aus der Liste.",
    challenge: "Bitte bestätigen Sie, dass Sie ein Mensch sind.",
  },
  frameTitle: "Petition unterschreiben",
  signOnItsOwnPage: "Petition auf ihrer eigenen Seite unterschreiben",
  closed: "Diese Petition ist beendet und nimmt keine Unterschriften mehr an.",
  notSigned: "Ihre Unterschrift wurde nicht angenommen",
  back: "Zurück zum Formular",
  thanksTitle: "Danke für Ihre Unterschrift!",
  thanksCount: {
    one: "Bisher hat {count} Person unterschrieben.",
    other: "Bisher haben {count} Personen unterschrieben.",
  },
  countUpdates: "Die Zahl wird jede Minute aktualisiert.",
  share: "Bitten Sie Menschen in Ihrem Umfeld, ebenfalls zu unterschreiben:",
  shareText: "Ich habe „{title}“ unterschrieben. Unterschreibst du auch?",
  shareByEmail: "E-Mail",
  shareLink: "Link zum Teilen",
  shareSheet: "Weitere Möglichkeiten zum Teilen",
  confirmation: {
    subject: "Bestätigen Sie Ihre Unterschrift: {title}",
    reminderSubject: "Erinnerung: Bestätigen Sie Ihre Unterschrift: {title}",
    body: "Danke, dass Sie „{title}“ unterschrieben haben.\n\nIhre Unterschrift zählt, sobald Sie sie bestätigen. Öffnen Sie diesen Link und drücken Sie den Knopf:\n{link}",
    reminderBody:
      "Ihre Unterschrift für „{title}“ ist noch nicht bestätigt und zählt daher nicht.\n\nÖffnen Sie diesen Link und drücken Sie den Knopf, um sie zu bestätigen:\n{link}",
    linkValidity: {
      one: "Der Link gilt {count} Tag.",
      other: "Der Link gilt {count} Tage.",
    },
    ignore:
      "Wenn Sie nicht unterschrieben haben, ignorieren Sie diese E-Mail: Nichts wird gezählt, und Ihre Eingaben werden gelöscht, wenn der Link abläuft.",
    pageTitle: "Unterschrift bestätigen",
    pageText: "Drücken Sie den Knopf, um Ihre Unterschrift für „{title}“ zu bestätigen.",
    button: "Meine Unterschrift bestätigen",
    confirmedTitle: "Ihre Unterschrift ist bestätigt",
    confirmedText: "Danke. Sie wird in wenigen Minuten gezählt.",
    invalid:
      "Dieser Bestätigungslink ist ungültig. Kopieren Sie den vollständigen Link aus der E-Mail in Ihren Browser.",
    expired: "Dieser Bestätigungslink ist abgelaufen. Unterschreiben Sie erneut, um einen neuen zu erhalten.",
    used: "Dieser Link wurde schon verwendet oder ist abgelaufen. Eine bestätigte Unterschrift bleibt gezählt.",
    closed: "Diese Petition wurde beendet, bevor Ihre Unterschrift bestätigt war; sie wurde nicht gezählt.",
    pending: "Sehen Sie in Ihre E-Mails: Ihre Unterschrift zählt, sobald Sie sie mit dem gesendeten Link bestätigen.",
  },
  problems: {
    notFoundTitle: "Petition nicht gefunden",
    notFound:
      "Unter dieser Adresse gibt es keine Petition, oder sie ist noch nicht freigeschaltet. Prüfen Sie den Link, dem Sie gefolgt sind.",
    rateLimited:
      "Aus Ihrem Netzwerk kamen in kurzer Zeit zu viele Unterschriften. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.",
    challenge:
      "Gerade kommen sehr viele Unterschriften aus Ihrem Netzwerk. Bitte schließen Sie die Prüfung unten ab und unterschreiben Sie dann erneut.",
    unavailable:
      "Ihre Unterschrift konnte gerade nicht gespeichert werden; es wurde nichts aufbewahrt. Bitte versuchen Sie es gleich noch einmal.",
    forbiddenOrigin:
      "Diese Website darf für diese Petition keine Unterschriften sammeln. Bitte unterschreiben Sie auf der Seite der Petition.",
  },
  privacy: "Datenschutzhinweis",
  charts: {
    worldTitle: "Unterschriften weltweit",
    noSignatures: "Noch keine Unterschriften.",
    legendNone: "Keine",
    notOnMap: "Nicht auf der Karte: {countries}",
    countrySignatures: {
      one: "{country}: {count} Unterschrift",
      other: "{country}: {count} Unterschriften",
    },
    byCountry: "Unterschriften nach Land: insgesamt {count}; an der Spitze: {country} ({top}).",
    goal: "Ziel: {goal}",
    milestone: {
      one: "{count} Unterschrift am {date}",
      other: "{count} Unterschriften am {date}",
    },
    growthSummary: {
      one: "{count} Unterschrift vom {from} bis {to}.",
      other: "{count} Unterschriften vom {from} bis {to}.",
    },
    goalSentence: "Das Ziel liegt bei {goal}.",
    milestonesReached: {
      one: "{count} Etappenziel erreicht.",
      other: "{count} Etappenziele erreicht.",
    },
    unknownCountry: "Unbekannt",
  },
} satisfies Messages;
