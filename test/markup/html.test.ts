import { describe, expect, it } from "vitest";
import { escapeMarkup } from "../../src/markup/escape";
import { html, messageHtml, trustedHtml } from "../../src/markup/html";

describe("html", () => {
  it("escapes every interpolated value once, and leaves Html as it is", () => {
    expect(escapeMarkup(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
    const name = `"><script>alert(1)</script>`;
    const fragment = html`<input value="${name}">`;
    expect(fragment.text).toBe(`<input value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">`);
    expect(html`<p>${fragment}</p>`.text).toBe(`<p>${fragment.text}</p>`);
    expect(html`<ul>${["<a>", 2].map((item) => html`<li>${item}</li>`)}</ul>`.text).toBe(
      "<ul><li>&lt;a&gt;</li><li>2</li></ul>",
    );
    expect(html`<p${false && html` hidden`}${null}${undefined}></p>`.text).toBe("<p></p>");
    expect(html`<style>${trustedHtml(`a{font-family:"x"}`)}</style>`.text).toBe(`<style>a{font-family:"x"}</style>`);
  });

  it("fills message placeholders: the message's text escaped, Html values kept", () => {
    const count = html`<strong data-count>${"1<2"}</strong>`;
    expect(messageHtml("Signed & counted: {count}", { count }).text).toBe(
      "Signed &amp; counted: <strong data-count>1&lt;2</strong>",
    );
    expect(messageHtml("{missing} stays empty", {}).text).toBe(" stays empty");
  });
});
