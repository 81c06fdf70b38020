/**
 * The script inlined in every embed page (about 1 KB gzip, no build step). It tells the
 * embedding page the document's height and, once signed, `petition:signed`, posting only to the
 * origins in <body data-parent>. On the form it signs with fetch: errors from the problem's
 * `errors` appear next to their fields (their localised notes are already in the page, hidden),
 * other problems in the page's words for their type, and success swaps the form for the thank-you
 * <template>, its count sentence in the plural form the new count takes. Share lists get a button for the
 * device's share sheet where the browser has one. A challenge (the signer's network is over its limits)
 * posts the form as HTML, so the page with the challenge's widget replaces this one. Without JavaScript
 * the form posts as HTML.
 */
export const PAGE_SCRIPT = `(() => {
  const { petition, parent: parentOrigins = "", thanks: thankYouUrl } = document.body.dataset;
  const targets = parentOrigins.split(" ").filter(Boolean);
  const tell = (message) => targets.forEach((origin) => parent.postMessage({ ...message, petition }, origin));
  if (parent !== window && targets.length > 0) {
    const height = () => Math.ceil(document.documentElement.getBoundingClientRect().height);
    const tellHeight = () => tell({ type: "petition:resize", height: height() });
    // At once, not only when drawn: Chromium draws no cross-origin frame out of view, and embed.js takes a silent frame for a refused one.
    tellHeight();
    new ResizeObserver(tellHeight).observe(document.body);
  }

  // The device's share sheet, where the browser has one: the apps the signer uses, beyond the links listed.
  const offerShareSheet = (root) => {
    if (!navigator.share) return;
    root.querySelectorAll("[data-share-sheet]").forEach((item) => {
      const { title, text, url } = item.firstElementChild.dataset;
      item.firstElementChild.addEventListener("click", () => navigator.share({ title, text, url }).catch(() => {}));
      item.hidden = false;
    });
  };
  offerShareSheet(document);

  const form = document.querySelector("form[data-sign]");
  const status = document.getElementById("status");
  if (!form || !status || !window.fetch) return;
  const say = (text) => { status.textContent = text; };

  const clearErrors = () => {
    document.getElementById("error-summary")?.remove();
    form.querySelectorAll(".error").forEach((note) => { note.hidden = true; });
    form.querySelectorAll("[aria-invalid]").forEach((field) => {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    });
  };

  const showProblem = (problem) => {
    let noted = false, firstField = null;
    for (const { path } of problem.errors || []) {
      const note = document.getElementById(path + "-error");
      if (!note) continue;
      note.hidden = false;
      noted = true;
      const field = document.getElementById("field-" + path);
      if (!field) continue;
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
      firstField = firstField || field;
    }
    say(noted ? status.dataset.fix : JSON.parse(status.dataset.problems)[problem.type] || status.dataset.failed);
    if (firstField) firstField.focus();
    if (window.turnstile) window.turnstile.reset();
  };

  const showThanks = (receipt) => {
    tell({ type: "petition:signed", count: receipt.count });
    if (thankYouUrl) return location.assign(thankYouUrl);
    const thanks = document.getElementById("thanks").content.cloneNode(true);
    const line = thanks.querySelector("[data-count-forms]");
    if (receipt.count !== null && line) {
      const lang = document.documentElement.lang;
      const forms = JSON.parse(line.dataset.countForms);
      const number = document.createElement("strong");
      number.textContent = receipt.count.toLocaleString(lang);
      const parts = (forms[new Intl.PluralRules(lang).select(receipt.count)] || forms.other).split("{count}");
      line.replaceChildren(...parts.flatMap((part, i) => (i ? [number, part] : [part])));
    }
    offerShareSheet(thanks);
    form.replaceWith(thanks);
    say("");
    document.getElementById("thanks-title").focus();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    clearErrors();
    button.disabled = true;
    say(status.dataset.sending);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: new URLSearchParams(new FormData(form)),
      });
      const answer = await response.json();
      // A network over its limits is challenged: the form as the server renders it (the widget, the values kept) takes over.
      if (answer.type === "/problems/challenge-required") return form.submit();
      if (response.ok) showThanks(answer);
      else showProblem(answer);
    } catch {
      say(status.dataset.failed);
    }
    button.disabled = false;
  });
})();`;
