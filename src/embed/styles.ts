/** The embed pages' only stylesheet: inline, small, right-to-left ready (logical properties), WCAG AA colours. */

export const EMBED_CSS = `:root{--accent:#1d4ed8;--on-accent:#fff;--focus:#1d4ed8;--error:#b42318;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#1a1a1a;background:#fff}
main{max-width:36rem;margin:0 auto}
h1{font-size:1.35rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.2rem;margin:0 0 .5rem}
p{margin:0 0 .75rem}
progress{display:block;width:100%;height:.75rem;margin:.25rem 0 1rem;accent-color:var(--accent)}
label{display:block;font-weight:600;margin-bottom:.25rem}
.field{margin-bottom:.9rem}
.optional{font-weight:400;color:#4a4a4a}
input,select{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid #6b6b6b;border-radius:.375rem;background:#fff;color:inherit}
.check{display:flex;gap:.5rem;align-items:flex-start;margin-bottom:1rem}
.check input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none;accent-color:var(--accent)}
.check label{font-weight:400}
[aria-invalid=true]{border:2px solid var(--error)}
.error{color:var(--error);font-weight:600;margin:.25rem 0 0}
.error-summary{border:3px solid var(--error);padding:.75rem 1rem;margin-bottom:1rem}
.error-summary ul{margin:0;padding-inline-start:1.25rem}
.error-summary a{color:var(--error);font-weight:600}
.status{font-weight:600}
button{width:100%;font:inherit;font-weight:700;padding:.8rem 1rem;border:0;border-radius:.375rem;background:var(--accent);color:var(--on-accent);cursor:pointer}
button:disabled{opacity:.7;cursor:progress}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
a{color:inherit}
.notice{padding:.75rem;border-inline-start:4px solid var(--accent);background:#f4f4f5}
.share{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
.share a,.share button{display:inline-block;width:auto;padding:.5rem .8rem;border:1px solid #6b6b6b;border-radius:.375rem;font:inherit;font-weight:600;text-decoration:none;background:none;color:inherit}
.share a:hover,.share button:hover{text-decoration:underline}
.hp{position:absolute;inset-inline-start:-10000px;width:1px;height:1px;overflow:hidden}`;

/** WCAG relative luminance of #rgb or #rrggbb. */
function luminance(hex: string): number {
  const digits = hex.slice(1).length === 3 ? [...hex.slice(1)].map((d) => d + d) : hex.slice(1).match(/../g)!;
  const [r, g, b] = digits.map((pair) => {
    const channel = Number.parseInt(pair, 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrastRatio(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter! + 0.05) / (darker! + 0.05);
}

/** WCAG AA for body-size text. */
const AA_TEXT_CONTRAST = 4.5;

/** Button text colours in order of preference; pure black always reaches AA where white does not. */
const TEXT_ON_ACCENT = ["#fff", "#1a1a1a", "#000"];

/**
 * A campaign's accent colour, with button text in the first of white, near-black and black that
 * reaches AA contrast on it; a light accent is too faint for the focus ring, which then stays dark.
 */
export function themeCss(accent: string): string {
  const onAccent = TEXT_ON_ACCENT.find((text) => contrastRatio(text, accent) >= AA_TEXT_CONTRAST) ?? "#000";
  const focus = onAccent === "#fff" ? accent : "#1a1a1a";
  return `:root{--accent:${accent};--on-accent:${onAccent};--focus:${focus}}`;
}
