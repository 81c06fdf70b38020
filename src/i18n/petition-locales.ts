/** The languages a petition may name: those its sign form speaks, so none of its signers silently reads another. */
import { type ProblemError, problems } from "../problems";
import type { PetitionPatch } from "../schemas";
import { spoken } from "./locale";
import { CATALOGS } from "./messages";

/** From the catalogues, so a language is offered as soon as its catalogue is added. */
const UNSPOKEN = `a language the sign form speaks: ${Object.keys(CATALOGS).sort().join(", ")} (a region may follow, as in pt-BR)`;

/**
 * 422 naming each language a petition's settings give that the form does not speak (its form
 * languages `locales.N`, its default `language`, each added translation `translations.TAG`), and the
 * languages it does; null when it speaks them all. Removing a translation (null) is always allowed.
 */
export function unspokenLanguages(
  settings: Pick<PetitionPatch, "locales" | "language" | "translations">,
): ProblemError | null {
  const named: [path: string, tag: string][] = [
    ...(settings.locales ?? []).map((tag, i): [string, string] => [`locales.${i}`, tag]),
    ...(settings.language === undefined ? [] : [["language", settings.language] as [string, string]]),
    ...Object.entries(settings.translations ?? {}).flatMap(([tag, texts]): [string, string][] =>
      texts === null ? [] : [[`translations.${tag}`, tag]],
    ),
  ];
  const errors = named.flatMap(([path, tag]) => (spoken(tag) ? [] : [{ path, message: UNSPOKEN }]));
  return errors.length > 0 ? problems.validation(errors) : null;
}
