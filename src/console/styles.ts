/** The console's only stylesheet: inline, mobile-first (360 px up), system fonts, WCAG AA colours, visible focus. */
export const CONSOLE_CSS = `:root{--ink:#111827;--muted:#4b5563;--line:#d1d5db;--accent:#1d4ed8;--error:#b42318;--ok:#15803d;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);background:#f3f4f6}
.skip{position:absolute;left:-10000px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:1}
header{background:#111827;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff}header .brand{font-weight:700;text-decoration:none;margin-inline-end:auto}
header nav{display:flex;gap:1rem;flex-wrap:wrap}header form{margin:0}
header button{background:transparent;color:#fff;border:1px solid #9ca3af;padding:.25rem .6rem}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}h2{font-size:1.2rem;margin:0 0 .75rem}
section,.card{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin-bottom:1rem}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.button,button{display:inline-block;font:inherit;font-weight:600;padding:.55rem .9rem;border-radius:.375rem;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none}
.button.secondary,button.secondary{background:#fff;color:var(--accent)}
button.danger{background:var(--error);border-color:var(--error)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 1rem}.actions.spaced{margin-top:1rem}.actions form{margin:0}
.petitions,.flags{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
.petitions li,.flags li{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.9rem 1rem}
.petitions h2,.flags h3{font-size:1.1rem;margin:0 0 .25rem;overflow-wrap:anywhere}
.flags{margin-bottom:1rem}.flags .actions{margin:.5rem 0 0}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 .4rem}
.status{display:inline-block;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:0 .4rem;border-radius:.25rem;border:1px solid currentColor}
.status-open{color:var(--ok)}.status-closed{color:var(--error)}.status-draft{color:var(--muted)}
.status-green{color:var(--ok)}.status-amber{color:#92400e}.status-red{color:var(--error)}
progress{display:block;width:100%;height:.6rem;accent-color:var(--accent)}
label{display:block;font-weight:600;margin-bottom:.2rem}
.field{margin-bottom:1rem}
.translation{margin:0 0 1rem}.side-by-side{display:grid;gap:.5rem}@media (min-width:48rem){.side-by-side{grid-template-columns:1fr 1fr}}
.reference p{margin:0 0 .3rem}
.hint{color:var(--muted);font-size:.9rem;margin:0 0 .3rem}
input,select,textarea{width:100%;font:inherit;padding:.5rem .6rem;border:1px solid #6b7280;border-radius:.375rem;background:#fff;color:inherit}
textarea{min-height:5rem;resize:vertical}
textarea.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;min-height:4rem}
[aria-invalid=true]{border:2px solid var(--error)}
.error{color:var(--error);font-weight:600;margin:.25rem 0 0}
.error-summary{border:3px solid var(--error);border-radius:.5rem;background:#fff;padding:1rem;margin-bottom:1rem}
.error-summary h2{color:var(--error)}
.notice{border-inline-start:4px solid var(--accent);background:#fff;padding:.75rem 1rem;margin-bottom:1rem}
.figure{display:block;width:100%;height:auto;border:1px solid var(--line);border-radius:.375rem;background:#fff}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:start;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}
.grid{display:grid;gap:1rem}@media (min-width:48rem){.grid.two{grid-template-columns:1fr 1fr}}
.preview{box-sizing:content-box;width:calc(100% - 2px);height:38rem;border:1px solid var(--line);border-radius:.375rem;background:#fff}
.downloads{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;
