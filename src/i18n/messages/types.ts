/** Every fixed string of the embed pages. Each language's file must give all of them (the compiler checks). */
export interface Messages {
  /** The language's writing direction. */
  dir: "ltr" | "rtl";
  /** Above the progress bar; {count} and {goal} are formatted numbers. */
  progress: string;
  name: string;
  email: string;
  country: string;
  /** The country list's empty choice, when the edge could not tell the signer's country. */
  chooseCountry: string;
  postcode: string;
  /** After the label of a field the petition asks for but does not require. */
  optional: string;
  submit: string;
  /** Announced while the form is being sent (JavaScript only). */
  sending: string;
  /** Announced when fields need correcting. */
  fixErrors: string;
  /** Announced when the signature could not be sent for another reason. */
  failed: string;
  /** A made-up address in the language's style; {example} in `errors.email`, isolated as Latin text. */
  emailExample: string;
  /** Next to each field that needs correcting; `challenge` is the Turnstile check. */
  errors: { email: string; name: string; postcode: string; country: string; challenge: string };
  /** The accessible name of the iframe embed.js inserts. */
  frameTitle: string;
  /** embed.js's link to the form's own page when the frame stays silent (the site may not frame it). */
  signOnItsOwnPage: string;
  closed: string;
  /** Heading of the page a signer without JavaScript sees when signing failed. */
  notSigned: string;
  back: string;
  thanksTitle: string;
  /** {count} is the published count. */
  thanksCount: string;
  /** Under the count right after signing: the signer's own signature may not be in it yet. */
  countUpdates: string;
  share: string;
  /** The text shared with the petition's link; {title} is the petition's title. */
  shareText: string;
  shareByEmail: string;
  /**
   * The confirmation email and pages of petitions that verify signatures by email. {title} is the
   * petition's title, {link} the confirmation link, {days} how long it works.
   */
  confirmation: {
    subject: string;
    reminderSubject: string;
    body: string;
    reminderBody: string;
    pageTitle: string;
    pageText: string;
    button: string;
    confirmedTitle: string;
    confirmedText: string;
    /** A link that was altered or cut short. */
    invalid: string;
    expired: string;
    /** A link whose held signature is gone: confirmed already, or purged after expiry. */
    used: string;
    closed: string;
    /** After signing such a petition: the same words for a first and a repeat signature. */
    pending: string;
  };
  /** The link to the petition's privacy notice, next to consent. */
  privacy: string;
}
