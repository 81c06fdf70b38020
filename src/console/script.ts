/**
 * The console's inline script (no build step, nothing fetched but the Worker's own count endpoint).
 * Everything works without it; with it: copy buttons, counts that refresh themselves, the embed
 * snippet and its preview following the chosen options (the preview's frame sized to the form), and
 * focus on an error summary.
 */
export const CONSOLE_SCRIPT = `(() => {
  const announce = (text) => { const live = document.getElementById("announce"); if (live) live.textContent = text; };

  document.querySelector(".error-summary")?.focus();

  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.value);
      } catch {
        source.select();
        document.execCommand("copy");
      }
      announce(button.dataset.copied || "Copied");
    });
  });

  const counts = [...document.querySelectorAll("[data-live-count]")];
  const number = new Intl.NumberFormat(document.documentElement.lang);
  const refresh = () => counts.forEach(async (element) => {
    const res = await fetch("/v1/petitions/" + element.dataset.liveCount + "/count").catch(() => null);
    if (!res || !res.ok) return;
    const { count } = await res.json();
    element.textContent = number.format(count);
    const bar = document.querySelector('progress[data-live-progress="' + element.dataset.liveCount + '"]');
    if (bar) bar.value = Math.min(count, Number(bar.max));
  });
  if (counts.length) setInterval(refresh, Number(document.body.dataset.refreshSeconds || 60) * 1000);

  const options = document.getElementById("embed-options");
  if (options) {
    const snippet = document.getElementById("snippet");
    const preview = document.getElementById("preview");
    const { origin, slug } = options.dataset;
    const update = () => {
      const data = new FormData(options);
      const lang = data.get("lang"), typed = String(data.get("theme") || "").replace(/^#/, "");
      const theme = /^([0-9a-f]{3}){1,2}$/i.test(typed) ? typed : "";
      let attrs = ' data-petition="' + slug + '"';
      if (lang) attrs += ' data-lang="' + lang + '"';
      if (theme) attrs += ' data-theme="#' + theme + '"';
      snippet.value = '<script src="' + origin + '/embed.js"' + attrs + ' async></' + 'script>';
      const query = new URLSearchParams();
      if (lang) query.set("lang", lang);
      if (theme) query.set("theme", theme);
      preview.src = "/admin/p/" + slug + "/preview?" + query;
    };
    // The preview tells its height as it tells an embedding page; the frame (content-box, so borders aside)
    // takes it, so no button hides below it.
    window.addEventListener("message", (event) => {
      if (event.origin !== location.origin || event.source !== preview.contentWindow) return;
      const { type, height } = event.data || {};
      if (type === "petition:resize" && height > 0) preview.style.height = height + "px";
    });
    options.addEventListener("change", update);
    options.addEventListener("submit", (event) => { event.preventDefault(); update(); });
  }
})();`;
