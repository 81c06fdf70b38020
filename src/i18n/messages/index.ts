/**
 * The languages the embed pages speak, one file each, named by its language subtag. Adding a
 * language is adding its file (the compiler insists on every string) and its line below.
 */
import ar from "./ar";
import de from "./de";
import en from "./en";
import es from "./es";
import fr from "./fr";
import pt from "./pt";
import type { Messages } from "./types";

export type { Messages };

export const CATALOGS: Readonly<Record<string, Messages>> = { ar, de, en, es, fr, pt };

export const DEFAULT_LOCALE = "en";

export function messagesFor(locale: string): Messages {
  return CATALOGS[locale] ?? en;
}
