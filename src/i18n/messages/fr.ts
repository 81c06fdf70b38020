import type { Messages } from "./types";

// French typography: a no-break space (\u00a0) before « : » and inside guillemets, a narrow one (\u202f) before « ! ».
// Plurals: "one" is 0 and 1; "many" is whole millions ("1 000 000 de signatures").
export default {
  progress: {
    one: "{count} signature · Objectif\u00a0: {goal}",
    many: "{count} de signatures · Objectif\u00a0: {goal}",
    other: "{count} signatures · Objectif\u00a0: {goal}",
  },
  name: "Nom complet",
  email: "Adresse e-mail",
  country: "Pays",
  chooseCountry: "Choisissez votre pays",
  postcode: "Code postal",
  optional: "(facultatif)",
  submit: "Signer la pétition",
  sending: "Envoi de votre signature…",
  fixErrors: "Veuillez corriger les champs signalés ci-dessous.",
  failed: "Votre signature n’a pas pu être envoyée. Veuillez réessayer.",
  emailExample: "nom@exemple.org",
  errors: {
    email: "Saisissez une adresse e-mail valide, par exemple {example}.",
    name: "Saisissez votre nom.",
    postcode: "Saisissez votre code postal.",
    country: "Choisissez un pays dans la liste.",
    challenge: "Veuillez confirmer que vous êtes une personne.",
  },
  frameTitle: "Signer la pétition",
  signOnItsOwnPage: "Signer la pétition sur sa propre page",
  closed: "Cette pétition est close et n’accepte plus de signatures.",
  notSigned: "Votre signature n’a pas été enregistrée",
  back: "Retour au formulaire",
  thanksTitle: "Merci d’avoir signé\u202f!",
  thanksCount: {
    one: "{count} personne a signé jusqu’ici.",
    many: "{count} de personnes ont signé jusqu’ici.",
    other: "{count} personnes ont signé jusqu’ici.",
  },
  countUpdates: "Le décompte est mis à jour chaque minute.",
  share: "Invitez vos proches à signer aussi\u00a0:",
  shareText: "J’ai signé «\u00a0{title}\u00a0». Et vous\u202f?",
  shareByEmail: "E-mail",
  shareLink: "Lien à partager",
  shareSheet: "Autres façons de partager",
  confirmation: {
    subject: "Confirmez votre signature\u00a0: {title}",
    reminderSubject: "Rappel\u00a0: confirmez votre signature\u00a0: {title}",
    body: "Merci d’avoir signé «\u00a0{title}\u00a0».\n\nVotre signature compte dès que vous la confirmez. Ouvrez ce lien et appuyez sur le bouton\u00a0:\n{link}",
    reminderBody:
      "Votre signature de «\u00a0{title}\u00a0» n’est pas encore confirmée\u00a0: elle ne compte pas.\n\nOuvrez ce lien et appuyez sur le bouton pour la confirmer\u00a0:\n{link}",
    linkValidity: {
      one: "Le lien est valable {count} jour.",
      many: "Le lien est valable {count} de jours.",
      other: "Le lien est valable {count} jours.",
    },
    ignore:
      "Si vous n’avez pas signé, ignorez ce message\u00a0: rien ne sera compté et ce que vous avez saisi sera effacé à l’expiration du lien.",
    pageTitle: "Confirmez votre signature",
    pageText: "Appuyez sur le bouton pour confirmer votre signature de «\u00a0{title}\u00a0».",
    button: "Confirmer ma signature",
    confirmedTitle: "Votre signature est confirmée",
    confirmedText: "Merci. Elle sera comptée d’ici quelques minutes.",
    invalid: "Ce lien de confirmation n’est pas valide. Copiez le lien complet du message dans votre navigateur.",
    expired: "Ce lien de confirmation a expiré. Signez à nouveau la pétition pour en recevoir un autre.",
    used: "Ce lien a déjà servi, ou il a expiré. Une signature confirmée reste comptée.",
    closed: "Cette pétition a été close avant la confirmation de votre signature\u00a0: elle n’a pas été comptée.",
    pending: "Consultez vos e-mails\u00a0: votre signature compte dès que vous la confirmez avec le lien envoyé.",
  },
  problems: {
    notFoundTitle: "Pétition introuvable",
    notFound:
      "Aucune pétition ne se trouve à cette adresse, ou elle n’est pas encore ouverte. Vérifiez le lien que vous avez suivi.",
    rateLimited:
      "Trop de signatures sont parties de votre réseau en peu de temps. Patientez une minute, puis réessayez.",
    challenge:
      "Beaucoup de signatures arrivent de votre réseau en ce moment. Veuillez effectuer la vérification ci-dessous, puis signer à nouveau.",
    unavailable:
      "Votre signature n’a pas pu être enregistrée pour le moment, et rien n’a été conservé. Veuillez réessayer dans un instant.",
    forbiddenOrigin:
      "Ce site n’est pas autorisé à recueillir des signatures pour cette pétition. Veuillez signer sur la page de la pétition.",
  },
  privacy: "Politique de confidentialité",
  charts: {
    worldTitle: "Signatures dans le monde",
    noSignatures: "Aucune signature pour l’instant.",
    legendNone: "Aucune",
    notOnMap: "Hors carte\u00a0: {countries}",
    countrySignatures: {
      one: "{country}\u00a0: {count} signature",
      many: "{country}\u00a0: {count} de signatures",
      other: "{country}\u00a0: {count} signatures",
    },
    byCountry: "Signatures par pays\u00a0: {count} au total\u00a0; en tête\u00a0: {country} ({top}).",
    goal: "Objectif\u00a0: {goal}",
    milestone: {
      one: "{count} signature le {date}",
      many: "{count} de signatures le {date}",
      other: "{count} signatures le {date}",
    },
    growthSummary: {
      one: "{count} signature du {from} au {to}.",
      many: "{count} de signatures du {from} au {to}.",
      other: "{count} signatures du {from} au {to}.",
    },
    goalSentence: "L’objectif est de {goal}.",
    milestonesReached: {
      one: "{count} palier atteint.",
      many: "{count} de paliers atteints.",
      other: "{count} paliers atteints.",
    },
    unknownCountry: "Pays inconnu",
  },
} satisfies Messages;
