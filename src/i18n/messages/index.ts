/**
 * The languages signers read, one file each, named by its language subtag (zh is Simplified
 * Chinese: see locale.ts). Adding a language is adding its file (the compiler insists on every
 * message, test/i18n/catalogues.test.ts on placeholders, plural forms and its own words) and its
 * line below.
 */
import ar from "./ar";
import de from "./de";
import en from "./en";
import es from "./es";
import fa from "./fa";
import fr from "./fr";
import hi from "./hi";
import id from "./id";
import it from "./it";
import ja from "./ja";
import ko from "./ko";
import pl from "./pl";
import pt from "./pt";
import ru from "./ru";
import sw from "./sw";
import tr from "./tr";
import type { Messages, Plural } from "./types";
import uk from "./uk";
import vi from "./vi";
import zh from "./zh";

export type { Messages, Plural };

export const CATALOGS: Readonly<Record<string, Messages>> = {
  ar,
  de,
  en,
  es,
  fa,
  fr,
  hi,
  id,
  it,
  ja,
  ko,
  pl,
  pt,
  ru,
  sw,
  tr,
  uk,
  vi,
  zh,
};

export const DEFAULT_LOCALE = "en";

export function messagesFor(locale: string): Messages {
  return CATALOGS[locale] ?? en;
}
