/**
 * The one escaping of text for markup, HTML pages and SVG charts alike: lone surrogates repaired, the
 * control characters XML forbids dropped, and & < > " ' replaced by entities. Petition titles and
 * signers' input pass through here before any page or chart shows them.
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeMarkup(text: string): string {
  return (
    text
      .toWellFormed()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the characters XML forbids is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[&<>"']/g, (char) => ENTITIES[char]!)
  );
}
