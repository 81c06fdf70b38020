/**
 * Which language a page speaks. A tag names one of our languages when their language and script
 * agree once likely subtags fill them in: regions do not matter ("pt-BR" and "es-MX" get pt and es),
 * scripts do ("zh", "zh-CN" and "zh-SG" are Simplified, so they get zh; "zh-TW", "zh-HK" and
 * "zh-Hant" are Traditional, so they do not). Traditional Chinese readers get Simplified only when
 * nothing else they accept fits, before the petition's or our default: CLDR's language matching
 * makes the same one-way allowance (zh-Hant may be served zh-Hans, not the other way round).
 */
import { CATALOGS, DEFAULT_LOCALE } from "./messages";

/** Readable instead, when no language a reader accepts is one we speak: CLDR's one-way script matches. */
const READABLE_INSTEAD: Readonly<Record<string, string>> = { "zh-Hant": "zh-Hans" };

/** "zh-TW" -> "zh-Hant"; undefined for what is not a well-formed tag. */
export function languageAndScript(tag: string): string | undefined {
  try {
    const { language, script } = new Intl.Locale(tag.trim()).maximize();
    return `${language}-${script}`;
  } catch {
    return undefined;
  }
}

const SPOKEN = new Map(Object.keys(CATALOGS).map((language) => [languageAndScript(language)!, language]));

/** The first of `tags` that names one of `languages`; failing that, the first one whose reader can read one. */
function bestMatch(tags: readonly string[], languages: readonly string[]): string | undefined {
  const named = tags.map(languageAndScript);
  const find = (key: string | undefined) => {
    const language = key && SPOKEN.get(key);
    return language && languages.includes(language) ? language : undefined;
  };
  for (const key of named) {
    const language = find(key);
    if (language) return language;
  }
  for (const key of named) {
    const language = find(key && READABLE_INSTEAD[key]);
    if (language) return language;
  }
  return undefined;
}

const ALL_LANGUAGES = Object.keys(CATALOGS);

/** The language we have messages for that a tag names exactly ("pt-BR" -> "pt"; "zh-TW" -> none), if any. */
export function spoken(tag: string): string | undefined {
  const key = languageAndScript(tag);
  return key === undefined ? undefined : SPOKEN.get(key);
}

/** Accept-Language's tags, most preferred first; q=0 and "*" say nothing we can use. */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((entry) => {
      const [tag = "", ...params] = entry.split(";").map((part) => part.trim());
      const q = params.find((param) => param.startsWith("q="));
      return { tag, weight: q ? Number(q.slice(2)) : 1 };
    })
    .filter(({ tag, weight }) => tag && tag !== "*" && weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map(({ tag }) => tag);
}

/**
 * `?lang=` when we speak it. Otherwise a petition that names its locales is shown in the signer's
 * preferred one of them, or in its first; a petition that names none, in the signer's preferred
 * language. English when nothing else fits.
 */
export function chooseLocale(
  requested: string | undefined,
  petitionLocales: readonly string[],
  acceptLanguage: string | undefined,
): string {
  const explicit = requested && bestMatch([requested], ALL_LANGUAGES);
  if (explicit) return explicit;
  const accepted = acceptedLanguages(acceptLanguage);
  const offered = petitionLocales.flatMap((tag) => bestMatch([tag], ALL_LANGUAGES) ?? []);
  if (offered.length > 0) return bestMatch(accepted, offered) ?? offered[0]!;
  return bestMatch(accepted, ALL_LANGUAGES) ?? DEFAULT_LOCALE;
}

type LocaleWithTextInfo = Intl.Locale & { getTextInfo(): { direction: "ltr" | "rtl" } };

/** The writing direction of a language, from ICU: workerd's Intl.Locale has getTextInfo() (Intl Locale Info). */
export function textDirection(locale: string): "ltr" | "rtl" {
  return (new Intl.Locale(locale) as LocaleWithTextInfo).getTextInfo().direction;
}
