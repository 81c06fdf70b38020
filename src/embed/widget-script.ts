/**
 * embed.js: inserts an iframe of /embed/SLUG where its <script> tag stands and keeps the frame as
 * tall as the form. It listens only to its own frame, from the origin it was loaded from.
 */
export const WIDGET_SCRIPT = `/*! Petition Edge embed.js v1: <script src="https://HOST/embed.js" data-petition="SLUG" async></script> */
(() => {
  const script = document.currentScript;
  const { petition, locale, theme, source, title } = (script && script.dataset) || {};
  if (!petition) return;
  const url = new URL("/embed/" + encodeURIComponent(petition), script.src);
  const query = { lang: locale, theme, source, origin: location.origin };
  for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);

  const frame = document.createElement("iframe");
  frame.src = url.href;
  frame.title = title || "Sign the petition";
  frame.loading = "lazy";
  frame.style.cssText = "display:block;width:100%;height:640px;border:0";
  script.before(frame);

  addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== url.origin) return;
    const { type, height } = event.data || {};
    if (type === "petition:resize" && height > 0) frame.style.height = height + "px";
  });
})();
`;
