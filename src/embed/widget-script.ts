/**
 * embed.js: inserts an iframe of /embed/SLUG where its <script> tag stands and keeps the frame as
 * tall as the form. It listens only to its own frame, from the origin it was loaded from. A frame
 * that never speaks was not allowed to show (the petition does not list this site): it gives way
 * to a link to the form's own page. Its few words come in every language the pages speak.
 */
import { CATALOGS } from "../i18n/messages";

/** How long embed.js waits, after the frame has loaded, for the form's first message. */
export const FRAME_ANSWER_TIMEOUT_MS = 3000;

const WORDS = Object.fromEntries(
  Object.entries(CATALOGS).map(([locale, messages]) => [
    locale,
    { title: messages.frameTitle, fallback: messages.signOnItsOwnPage },
  ]),
);

export const WIDGET_SCRIPT = `/*! Petition Edge embed.js v1: <script src="https://HOST/embed.js" data-petition="SLUG" async></script> */
(() => {
  const script = document.currentScript;
  // data-lang; data-locale is its earlier name.
  const { petition, lang, locale: earlierLang, theme, source, title } = (script && script.dataset) || {};
  const locale = lang || earlierLang;
  if (!petition) return;
  const words = ${JSON.stringify(WORDS)};
  const language = (locale || "").toLowerCase().split("-")[0];
  const { title: frameTitle, fallback } = Object.hasOwn(words, language) ? words[language] : words.en;
  const page = new URL("/embed/" + encodeURIComponent(petition), script.src);
  // A shared link's referral code and channel reach the campaign's page; the form needs them.
  const shared = new URLSearchParams(location.search);
  const ref = shared.get("ref"), ch = shared.get("ch");
  for (const [name, value] of Object.entries({ lang: locale, theme, source, ref, ch })) if (value) page.searchParams.set(name, value);
  const url = new URL(page);
  url.searchParams.set("origin", location.origin);

  const frame = document.createElement("iframe");
  frame.src = url.href;
  frame.title = title || frameTitle;
  frame.loading = "lazy";
  frame.style.cssText = "display:block;width:100%;height:640px;border:0";
  script.before(frame);

  let answered = false;
  addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== url.origin) return;
    answered = true;
    const { type, height } = event.data || {};
    if (type === "petition:resize" && height > 0) frame.style.height = height + "px";
  });

  frame.addEventListener("load", () => setTimeout(() => {
    if (answered) return;
    const link = document.createElement("a");
    link.href = page.href;
    link.textContent = fallback;
    const paragraph = document.createElement("p");
    paragraph.append(link);
    frame.replaceWith(paragraph);
  }, ${FRAME_ANSWER_TIMEOUT_MS}), { once: true });
})();
`;
