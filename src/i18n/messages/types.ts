/**
 * Every fixed string a signer or a reader of the public charts sees. Each language's file must give
 * all of them (the compiler checks); test/i18n/catalogues.test.ts checks placeholders and plural forms.
 */

/**
 * A message about a number: one whole sentence per plural category of the language (Intl.PluralRules
 * names them: Arabic has six, Russian four, Chinese one), with the formatted number as {count}. A
 * category that holds a single number (Arabic's zero, one and two) may leave {count} out.
 */
export type Plural = { other: string } & Partial<Record<Exclude<Intl.LDMLPluralRule, "other">, string>>;

export interface Messages {
  /** Above the progress bar; {count} signed so far and {goal}, both formatted numbers. */
  progress: Plural;
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
  thanksCount: Plural;
  /** Under the count right after signing: the signer's own signature may not be in it yet. */
  countUpdates: string;
  share: string;
  /** The text shared with the petition's link; {title} is the petition's title. */
  shareText: string;
  shareByEmail: string;
  /** The share list's plain link to the petition (for copying, or sharing any other way). */
  shareLink: string;
  /** The button that opens the device's own share sheet (navigator.share), shown only where the browser has one. */
  shareSheet: string;
  /**
   * The confirmation email and pages of petitions that verify signatures by email. {title} is the
   * petition's title, {link} the confirmation link. The email is its paragraphs: body (or
   * reminderBody), linkValidity (first email only), ignore.
   */
  confirmation: {
    subject: string;
    reminderSubject: string;
    body: string;
    reminderBody: string;
    /** {count} days. */
    linkValidity: Plural;
    ignore: string;
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
  /** Why a page could not be shown, or a signature taken, in the signer's words (the API's problems are English). */
  problems: {
    notFoundTitle: string;
    /** An unknown petition, or one not published yet. */
    notFound: string;
    /** Retry-After is at most a minute. */
    rateLimited: string;
    /** Over the network's limits, the form shows a Turnstile check: solving it lets the signer sign now. */
    challenge: string;
    /** Neither the database nor the queue took the signature, or the bot check could not be reached. */
    unavailable: string;
    /** A form posted from a site the petition does not list. */
    forbiddenOrigin: string;
  };
  /** The link to the petition's privacy notice, next to consent. */
  privacy: string;
  /** The public SVG charts and world map. */
  charts: {
    /** Title of the map of every petition's signatures. */
    worldTitle: string;
    /** A chart's text, and its description, before anyone signs. */
    noSignatures: string;
    /** The world map's legend for countries without signatures. */
    legendNone: string;
    /** {countries}: a list of "country count" the map cannot show (unknown, or too small to draw). */
    notOnMap: string;
    /** A country's tooltip; {country} is its name. */
    countrySignatures: Plural;
    /** The description of the country chart and the map; {country} has most, {top} of them. */
    byCountry: string;
    /** The label on the growth chart's goal line. */
    goal: string;
    /** A milestone's tooltip: {count} signatures reached on {date}. */
    milestone: Plural;
    /** The growth chart's description: {count} signatures from {from} to {to} (dates). */
    growthSummary: Plural;
    /** Follows growthSummary when the petition has a goal. */
    goalSentence: string;
    /** Follows them when milestones were reached. */
    milestonesReached: Plural;
    /** The name of signatures from an unknown country. */
    unknownCountry: string;
  };
}
