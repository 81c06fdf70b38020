/**
 * workerd has no DOMParser, so this is a deliberately small XML 1.0 well-formedness check covering what
 * the charts can emit: exactly one root element, every element closed in order, attribute values quoted
 * and unique per element, no raw "<" or stray "&" in text or attribute values. Anything else starting
 * with "<" (comments, CDATA, processing instructions) is rejected rather than skipped.
 */
export function assertWellFormedXml(xml: string): void {
  const name = "[A-Za-z_:][-A-Za-z0-9_:.]*";
  const tag = new RegExp(`<(/?)(${name})((?:\\s+${name}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`, "y");
  const attribute = new RegExp(`(${name})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "g");
  const characterData = (text: string, where: number) => {
    const bare = text.replace(/&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, "");
    if (bare.includes("<") || bare.includes("&"))
      throw new Error(`unescaped markup near ${where}: ${JSON.stringify(text)}`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the characters XML forbids is the point
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text) || !text.isWellFormed())
      throw new Error(`character not allowed in XML near ${where}`);
  };
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const chars = xml.slice(i, lt === -1 ? xml.length : lt);
    if (!open.length && chars.trim()) throw new Error(`text outside the root element near ${i}`);
    characterData(chars, i);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const match = tag.exec(xml);
    if (!match) throw new Error(`malformed tag near ${lt}: ${xml.slice(lt, lt + 40)}`);
    const [whole, closing, tagName, attrs = "", selfClosing] = match;
    if (closing) {
      if (attrs.trim() || selfClosing) throw new Error(`malformed end tag near ${lt}`);
      const expected = open.pop();
      if (expected !== tagName) throw new Error(`</${tagName}> near ${lt} closes <${expected}>`);
    } else {
      if (!open.length && roots++) throw new Error(`second root element near ${lt}`);
      const seen = new Set<string>();
      for (const [, attrName, double, single] of attrs.matchAll(attribute)) {
        if (seen.has(attrName!)) throw new Error(`duplicate attribute ${attrName} near ${lt}`);
        seen.add(attrName!);
        characterData(double ?? single ?? "", lt);
      }
      if (!selfClosing) open.push(tagName!);
    }
    i = lt + whole.length;
  }
  if (open.length) throw new Error(`unclosed <${open.join("> <")}>`);
  if (roots !== 1) throw new Error("no root element");
}
