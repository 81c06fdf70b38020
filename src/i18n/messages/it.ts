import type { Messages } from "./types";

// "Tu" throughout, as Italian campaigns write; "le persone che conosci" rather than the masculine "amici".
// Plurals: "many" is whole millions ("1.000.000 di firme").
export default {
  progress: {
    one: "{count} firma · Obiettivo: {goal}",
    many: "{count} di firme · Obiettivo: {goal}",
    other: "{count} firme · Obiettivo: {goal}",
  },
  name: "Nome e cognome",
  email: "Indirizzo email",
  country: "Paese",
  chooseCountry: "Scegli il tuo Paese",
  postcode: "Codice postale",
  optional: "(facoltativo)",
  submit: "Firma la petizione",
  sending: "Invio della firma in corso…",
  fixErrors: "Correggi i campi indicati qui sotto.",
  failed: "Non è stato possibile inviare la tua firma. Riprova.",
  emailExample: "nome@esempio.org",
  errors: {
    email: "Inserisci un indirizzo email valido, ad esempio {example}.",
    name: "Inserisci il tuo nome.",
    postcode: "Inserisci il tuo codice postale.",
    country: "Scegli un Paese dall’elenco.",
    challenge: "Completa la verifica per dimostrare che non sei un robot.",
  },
  frameTitle: "Firma la petizione",
  signOnItsOwnPage: "Firma la petizione sulla sua pagina",
  closed: "Questa petizione è chiusa e non accetta più firme.",
  notSigned: "La tua firma non è stata registrata",
  back: "Torna al modulo",
  thanksTitle: "Grazie per aver firmato!",
  thanksCount: {
    one: "Finora ha firmato {count} persona.",
    many: "Finora hanno firmato {count} di persone.",
    other: "Finora hanno firmato {count} persone.",
  },
  countUpdates: "Il conteggio si aggiorna ogni minuto.",
  share: "Chiedi anche alle persone che conosci di firmare:",
  shareText: "Ho firmato “{title}”. Firmi anche tu?",
  shareByEmail: "Per email",
  shareLink: "Link da condividere",
  shareSheet: "Altri modi per condividere",
  confirmation: {
    subject: "Conferma la tua firma: {title}",
    reminderSubject: "Promemoria: conferma la tua firma: {title}",
    body: "Grazie per aver firmato “{title}”.\n\nLa tua firma conta solo dopo la conferma. Apri questo link e premi il pulsante:\n{link}",
    reminderBody:
      "La tua firma per “{title}” non è ancora confermata, quindi non viene conteggiata.\n\nApri questo link e premi il pulsante per confermarla:\n{link}",
    linkValidity: {
      one: "Il link è valido per {count} giorno.",
      many: "Il link è valido per {count} di giorni.",
      other: "Il link è valido per {count} giorni.",
    },
    ignore:
      "Se non hai firmato, ignora questa email: non verrà conteggiato nulla e i dati inseriti verranno cancellati alla scadenza del link.",
    pageTitle: "Conferma la tua firma",
    pageText: "Premi il pulsante per confermare la tua firma per “{title}”.",
    button: "Confermo la mia firma",
    confirmedTitle: "La tua firma è confermata",
    confirmedText: "Grazie. Verrà conteggiata entro pochi minuti.",
    invalid: "Questo link di conferma non è valido. Copia nel browser il link completo che trovi nell’email.",
    expired: "Questo link di conferma è scaduto. Firma di nuovo la petizione per riceverne uno nuovo.",
    used: "Questo link è già stato usato oppure è scaduto. Una firma confermata resta conteggiata.",
    closed: "La petizione è stata chiusa prima della conferma della tua firma, che quindi non è stata conteggiata.",
    pending: "Controlla la tua email: la firma conta dopo che l’avrai confermata con il link che ti abbiamo inviato.",
  },
  problems: {
    notFoundTitle: "Petizione non trovata",
    notFound:
      "A questo indirizzo non c’è nessuna petizione, oppure non è ancora aperta. Controlla il link che hai seguito.",
    rateLimited: "Dalla tua rete sono arrivate troppe firme in poco tempo. Aspetta un minuto e riprova.",
    challenge:
      "In questo momento arrivano molte firme dalla tua rete. Completa la verifica qui sotto, poi firma di nuovo.",
    unavailable:
      "Al momento non è stato possibile salvare la tua firma e non è stato conservato nulla. Riprova tra poco.",
    forbiddenOrigin: "Questo sito non può raccogliere firme per questa petizione. Firma sulla pagina della petizione.",
  },
  privacy: "Informativa sulla privacy",
  charts: {
    worldTitle: "Firme da tutto il mondo",
    noSignatures: "Ancora nessuna firma.",
    legendNone: "Nessuna",
    notOnMap: "Fuori dalla mappa: {countries}",
    countrySignatures: {
      one: "{country}: {count} firma",
      many: "{country}: {count} di firme",
      other: "{country}: {count} firme",
    },
    byCountry: "Firme per Paese: {count} in totale; in testa: {country} ({top}).",
    goal: "Obiettivo: {goal}",
    milestone: {
      one: "{count} firma il {date}",
      many: "{count} di firme il {date}",
      other: "{count} firme il {date}",
    },
    growthSummary: {
      one: "{count} firma dal {from} al {to}.",
      many: "{count} di firme dal {from} al {to}.",
      other: "{count} firme dal {from} al {to}.",
    },
    goalSentence: "L’obiettivo è {goal}.",
    milestonesReached: {
      one: "{count} traguardo raggiunto.",
      many: "{count} di traguardi raggiunti.",
      other: "{count} traguardi raggiunti.",
    },
    unknownCountry: "Paese sconosciuto",
  },
} satisfies Messages;
