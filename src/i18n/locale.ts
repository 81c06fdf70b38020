/** Which language an embed page speaks. */
import { CATALOGS, DEFAULT_LOCALE } from "./messages";

/** The language we have messages for that a tag names ("pt-BR" -> "pt"), if any. */
export function spoken(tag: string | undefined): string | undefined {
  const language = tag?.trim().toLowerCase().split("-")[0];
  return language && Object.hasOwn(CATALOGS, language) ? language : undefined;
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
  const explicit = spoken(requested);
  if (explicit) return explicit;
  const preferred = acceptedLanguages(acceptLanguage).flatMap((tag) => spoken(tag) ?? []);
  const offered = petitionLocales.flatMap((tag) => spoken(tag) ?? []);
  if (offered.length > 0) return preferred.find((language) => offered.includes(language)) ?? offered[0]!;
  return preferred[0] ?? DEFAULT_LOCALE;
}
