/** The languages a petition may name: those its sign form speaks, so none of its signers silently reads another. */
import { type ProblemError, problems } from "../problems";
import { spoken } from "./locale";
import { CATALOGS } from "./messages";

/** From the catalogues, so a language is offered as soon as its catalogue is added. */
const UNSPOKEN = `a language the sign form speaks: ${Object.keys(CATALOGS).sort().join(", ")} (a region may follow, as in pt-BR)`;

/** 422 naming each of `locales` (`locales.N`) the form does not speak, and the languages it does; null when it speaks them all. */
export function unspokenLocales(locales: readonly string[] | undefined): ProblemError | null {
  const errors = (locales ?? []).flatMap((tag, i) =>
    spoken(tag) ? [] : [{ path: `locales.${i}`, message: UNSPOKEN }],
  );
  return errors.length > 0 ? problems.validation(errors) : null;
}
