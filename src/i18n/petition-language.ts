/**
 * One petition, many languages: which of its languages a reader gets, and its texts in that language.
 * Every signer-facing surface (API read, form, petition page, thank-you page, email, share text)
 * chooses through here, so a signer reads one language throughout.
 */
import { type Petition, TRANSLATED_FIELDS, type TranslatedField } from "../schemas";
import { acceptedLanguages, chooseLocale, languageAndScript, spoken } from "./locale";

type PetitionLanguages = Pick<Petition, "language" | "translations" | "locales">;

/** Its default language first, then its translations, then form languages it offers without translated texts. */
export function petitionLanguages(petition: PetitionLanguages): string[] {
  return [...new Set([petition.language, ...Object.keys(petition.translations), ...petition.locales])];
}

/** The petition's language that `tag` asks for: the same tag, else one in the same language and script. */
function matching(tag: string, languages: readonly string[]): string | undefined {
  const exact = languages.find((language) => language.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const wanted = languageAndScript(tag);
  return wanted === undefined ? undefined : languages.find((language) => languageAndScript(language) === wanted);
}

/**
 * `requested` (a page's ?lang=, which the embed's data-lang becomes) when the petition has it, else the
 * reader's Accept-Language among the petition's languages, else its default. A requested language the
 * petition lacks is returned as asked: the form may still speak it, the texts fall back field by field.
 */
export function choosePetitionLanguage(
  petition: PetitionLanguages,
  requested: string | undefined,
  acceptLanguage: string | undefined,
): string {
  const languages = petitionLanguages(petition);
  if (requested) return matching(requested, languages) ?? requested;
  for (const tag of acceptedLanguages(acceptLanguage)) {
    const language = matching(tag, languages);
    if (language) return language;
  }
  return petition.language;
}

export type PetitionTexts = Pick<Petition, TranslatedField>;

/** The petition's texts in `language`: each field its translation's, or the default language's where that lacks it. */
export function petitionTexts(
  petition: Pick<Petition, TranslatedField | "translations">,
  language: string,
): PetitionTexts {
  const translation = petition.translations[language] ?? {};
  return Object.fromEntries(
    TRANSLATED_FIELDS.map((field) => [field, translation[field] ?? petition[field]]),
  ) as PetitionTexts;
}

/** The petition as a page in `language` shows it: every setting, its texts in that language. */
export function petitionIn<P extends Pick<Petition, TranslatedField | "translations">>(
  petition: P,
  language: string,
): P {
  return { ...petition, ...petitionTexts(petition, language) };
}

/** What a page shows: the catalogue of its own words, and the language of the petition's texts. */
export interface PageLanguage {
  locale: string;
  /** Stored with a signature made on the page: the petition's language when the page is in one, else `locale`. */
  language: string;
  texts: string;
}

/**
 * One language for a page: the form's words from `locale`, the petition's texts in `texts`. A petition
 * that names no languages besides its default (no translations, no form locales the form speaks) is
 * offered in every language the form speaks, its texts in the default; one that names some, in those.
 */
export function pageLanguage(
  petition: PetitionLanguages,
  requested: string | undefined,
  acceptLanguage: string | undefined,
): PageLanguage {
  // Form locales the form cannot speak (stored before that was refused) name nothing.
  const namesLanguages = Object.keys(petition.translations).length > 0 || petition.locales.some((tag) => spoken(tag));
  const locale = chooseLocale(requested, namesLanguages ? petitionLanguages(petition) : [], acceptLanguage);
  const texts = choosePetitionLanguage(petition, requested ?? locale, acceptLanguage);
  const isPetitions = petitionLanguages(petition).includes(texts) && spoken(texts) === locale;
  return { locale, texts, language: isPetitions ? texts : locale };
}
