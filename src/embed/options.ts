/**
 * What an embedding page may ask of the embed pages (through embed.js's data attributes or the
 * iframe's query). A value that does not fit is ignored rather than refused: a typo in a
 * campaign's snippet must not take its form down.
 */
import { z } from "zod";
import { CATALOGS } from "../i18n/messages";
import { Origin, ReferralCode, ShareChannel, Text } from "../schemas";

/** Hex only, so the colour can be written into the page's CSS as it is. */
const ThemeColour = z
  .string()
  .trim()
  .regex(/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i)
  .transform((value) => (value.startsWith("#") ? value : `#${value}`));

/** `type` for the OpenAPI document, which cannot see through `.catch`. */
const ignoredUnlessValid = <T extends z.ZodType>(schema: T, description: string) =>
  schema.optional().catch(undefined).meta({ type: "string", description });

/** The page's language (a BCP 47 tag; see chooseLocale): the embed pages', and the charts on a campaign's page. */
export const LanguageOption = ignoredUnlessValid(
  z.string().max(35),
  `Language, a BCP 47 tag; we speak ${Object.keys(CATALOGS).join(", ")}`,
);

export const EmbedOptions = z.object({
  lang: LanguageOption,
  theme: ignoredUnlessValid(ThemeColour, "Accent colour, hex such as d6336c"),
  source: ignoredUnlessValid(Text.max(100), "Stored with each signature, for attribution"),
  origin: ignoredUnlessValid(Origin, "The embedding page's origin (embed.js sets it): where the page posts its events"),
  ref: ignoredUnlessValid(ReferralCode, "The referral code of the shared link the signer came through"),
  ch: ignoredUnlessValid(ShareChannel, "The channel that link was shared on"),
});

export type EmbedOptions = z.infer<typeof EmbedOptions>;
