/**
 * The petition form's translations: each language's texts side by side with the default's, a missing
 * one marked (signers see the default's there), a preview of the form in that language, and a
 * language to add. Plain inputs: it works without JavaScript.
 */
import { type Html, html } from "../markup/html";
import { type FormValues, formField } from "./form";
import { languageName } from "./format";
import { ADDED_LANGUAGE, NEW_TRANSLATION, translationFields, translationTags } from "./petition-form";

export function translationsSection(values: FormValues, errors: Map<string, string>, slug: string | undefined): Html {
  const fields = translationFields(values);
  const defaultLanguage = values.language || "en";
  const languages = [...translationTags(values), ADDED_LANGUAGE].map((tag) => {
    const rows = fields
      .filter((field) => field.tag === tag)
      .map((field) => {
        const value = values[field.name] ?? "";
        const fallback = values[field.of.name] ?? "";
        const missing = tag !== ADDED_LANGUAGE && !value.trim() && fallback.trim();
        return html`<div class="side-by-side">
<div class="reference"><p class="hint">${field.of.label}, ${languageName(defaultLanguage)}</p><p dir="auto">${fallback || "—"}</p></div>
${formField(
  {
    ...field,
    // Its own name for each language: "Title" alone would name the default's field too.
    label: `${field.of.label}, ${tag === ADDED_LANGUAGE ? "the added language" : languageName(tag)}`,
    hint: missing ? `Missing: signers see the ${languageName(defaultLanguage)} text.` : undefined,
  },
  value,
  errors.get(field.name),
)}
</div>`;
      });
    if (tag === ADDED_LANGUAGE)
      return html`<fieldset class="translation"><legend>Add a language</legend>
${formField({ name: NEW_TRANSLATION, label: "Language code", kind: "text", hint: "Such as es, pt-BR or ar. Fill in at least one text.", rule: "Enter a language code such as es or pt-BR" }, values[NEW_TRANSLATION] ?? "", errors.get(NEW_TRANSLATION))}
${rows}
</fieldset>`;
    return html`<fieldset class="translation" lang="${tag}"><legend>${languageName(tag)}</legend>
${slug && html`<p><a href="/embed/${slug}?lang=${encodeURIComponent(tag)}" target="_blank" rel="noopener">Preview the form in ${languageName(tag)}</a></p>`}
<p class="hint">Empty every text to remove this language.</p>
${rows}
</fieldset>`;
  });
  return html`<section aria-labelledby="translations-title"><h2 id="translations-title">Translations</h2>
<p class="hint">The same petition in other languages, one count for all. A text left empty is shown in ${languageName(defaultLanguage)}.</p>
<input type="hidden" name="translations" value="${translationTags(values).join(", ")}">
${languages}
</section>`;
}
