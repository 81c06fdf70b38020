import type { Messages } from "./types";

// French typography: a no-break space (\u00a0) before « : » and inside guillemets, a narrow one (\u202f) before « ! ».
export default {
  dir: "ltr",
  progress: "Signatures\u00a0: {count} · Objectif\u00a0: {goal}",
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
  closed: "Cette pétition est close et n’accepte plus de signatures.",
  notSigned: "Votre signature n’a pas été enregistrée",
  back: "Retour au formulaire",
  thanksTitle: "Merci d’avoir signé\u202f!",
  thanksCount: "Signatures à ce jour\u00a0: {count}",
  share: "Invitez vos proches à signer aussi\u00a0:",
  shareText: "J’ai signé «\u00a0{title}\u00a0». Et vous\u202f?",
  shareByEmail: "E-mail",
} satisfies Messages;
