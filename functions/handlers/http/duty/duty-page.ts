/**
 * The NCC duty page (issue #10 item 3) as one HTML document per language: the words and
 * the catalogue's labels are written in on the server, the data is read by the page's
 * script from the JSON API with the officer's bearer token. Nothing is loaded from
 * anywhere else, and the CSP admits the page's one script and one style by their hashes.
 */
import { createHash } from 'node:crypto';
import { CATALOGUE, type CatalogueName, type Language } from '../../../core/catalogue/catalogue.js';
import { DUTY_SCRIPT } from './duty-script.js';
import { dutyTexts } from './duty-texts.js';

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #c9ced6; --late: #a4001d;
  --due: #7a4100; --accent: #0b5394; --band: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline;
  padding: 0.75rem 1.25rem; background: #14314f; color: #fff; }
header h1 { font-size: 1.25rem; margin: 0; }
header nav a { color: #fff; margin-right: 0.75rem; }
header nav a[aria-current] { font-weight: 700; text-decoration: none; }
header .now { margin: 0 0 0 auto; font-variant-numeric: tabular-nums; }
main { padding: 1rem 1.25rem 2rem; max-width: 1500px; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
h4 { font-size: 0.95rem; margin: 0.75rem 0 0.4rem; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center;
  padding: 0.6rem 0.8rem; background: var(--band); border: 1px solid var(--line); border-radius: 4px; }
.toolbar h2 { margin: 0 0.5rem 0 0; font-size: 1rem; }
.toolbar label { font-weight: 600; }
.session { display: flex; gap: 1rem; align-items: center; justify-content: space-between; }
.session p { margin: 0; color: var(--muted); }
.status { color: var(--muted); margin: 0; min-height: 1.4em; }
.status.failed { color: var(--late); font-weight: 600; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(14rem, 20rem); gap: 0 2rem; align-items: start; }
.columns.lower { grid-template-columns: repeat(2, minmax(0, 1fr)); }
@media (max-width: 1000px) { .columns, .columns.lower { grid-template-columns: minmax(0, 1fr); } }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.25rem 0 0.75rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--band); font-weight: 600; }
tbody th { font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td time { white-space: nowrap; }
.late, .state-missed { color: var(--late); font-weight: 600; }
td.state-missed { min-width: 11rem; }
.note { display: block; color: var(--muted); font-weight: 400; font-size: 0.9em; }
.clock { font-variant-numeric: tabular-nums; white-space: nowrap; }
.clock.running { color: var(--due); font-weight: 600; }
.clock.late { color: var(--late); }
.id, code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.9em; }
.hash { word-break: break-all; }
.empty { color: var(--muted); margin: 0.25rem 0 0.75rem; }
a { color: var(--accent); }
button { font: inherit; padding: 0.3rem 0.8rem; border: 1px solid var(--accent); border-radius: 4px;
  background: var(--accent); color: #fff; cursor: pointer; }
button:disabled { opacity: 0.6; cursor: wait; }
button.link { background: none; border: 0; padding: 0; color: var(--accent); text-decoration: underline; font-weight: 600; }
button.secondary { background: #fff; color: var(--accent); }
button.small { padding: 0.1rem 0.5rem; font-size: 0.9em; }
dialog { max-width: 36rem; border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 1.25rem 1rem; }
dialog::backdrop { background: rgba(20, 49, 79, 0.45); }
dialog h2 { margin-top: 0.75rem; }
select, input, textarea { font: inherit; padding: 0.25rem 0.4rem; border: 1px solid #6b7480; border-radius: 3px; }
textarea { width: 100%; }
:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
.panel { border: 1px solid var(--line); border-radius: 4px; padding: 0 1rem 0.75rem; margin-top: 1.25rem; }
.panel-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.diff td.removed { background: #fdecee; }
.diff td.added { background: #e8f5e9; }
.diff td.absent { color: var(--muted); font-style: italic; }
form.notice { display: grid; gap: 0.5rem; }
form.notice label, form.notice legend { font-weight: 600; display: block; }
form.notice .row { display: flex; flex-wrap: wrap; gap: 0.75rem; }
form.notice fieldset { border: 1px solid var(--line); border-radius: 4px; }
form.notice fieldset label { font-weight: 400; display: inline-block; margin: 0 0.75rem 0.25rem 0; }
#sign-in { max-width: 46rem; }
#sign-in textarea { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 0.85rem; }
#sign-in-error { color: var(--late); font-weight: 600; }
`;

/** What the page's CSP admits by hash: exactly this script and this style. */
function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Nothing but this gateway: the script and the style by hash (no inline handlers, no
 * eval), data only from `connect-src 'self'` (the JSON API), no framing, no form posting
 * anywhere (the forms are handled by the script).
 */
export const DUTY_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${sha256Source(DUTY_SCRIPT)}`,
  `style-src ${sha256Source(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English',
};

/** The catalogues the page labels codes with. */
const LABELLED: readonly CatalogueName[] = [
  'obligationKind',
  'obligationState',
  'noticeKind',
  'tlp',
  'sector',
  'severity',
  'incidentType',
];

function labels(language: Language): Record<string, Record<string, string>> {
  return Object.fromEntries(
    LABELLED.map((name) => [
      name,
      Object.fromEntries(CATALOGUE[name].map((entry) => [String(entry.code), entry[language]])),
    ]),
  );
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** JSON inside a `<script type="application/json">` block: no `<` can close it. */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function options(language: Language, name: CatalogueName, chosen?: string): string {
  return CATALOGUE[name]
    .map(
      (entry) =>
        `<option value="${escapeHtml(String(entry.code))}"${String(entry.code) === chosen ? ' selected' : ''}>${escapeHtml(entry[language])}</option>`,
    )
    .join('');
}

/** The page in one language (the same bytes for every request in it: cacheable). */
export function renderDutyPage(language: Language): string {
  const t = dutyTexts(language);
  const h = (key: keyof typeof t) => escapeHtml(t[key]);
  const languageLinks = (Object.keys(LANGUAGE_NAMES) as Language[])
    .map(
      (code) =>
        `<a href="?lang=${code}" hreflang="${code}" lang="${code}"${code === language ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[code]}</a>`,
    )
    .join('');
  const sectors = CATALOGUE.sector
    .map(
      (entry) =>
        `<label><input type="checkbox" name="sector" value="${escapeHtml(String(entry.code))}"> ${escapeHtml(entry[language])}</label>`,
    )
    .join('');
  const refreshChoices = [0, 5, 15, 30, 60]
    .map(
      (seconds) =>
        `<option value="${seconds}"${seconds === 30 ? ' selected' : ''}>${seconds === 0 ? h('refreshOff') : escapeHtml(t.everySeconds.replace('{n}', String(seconds)))}</option>`,
    )
    .join('');
  const config = { lang: language, texts: t, labels: labels(language) };

  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h('title')}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${h('title')}</h1>
<nav aria-label="${h('language')}">${languageLinks}</nav>
<p class="now">${h('nowLabel')}: <time id="now-time"></time></p>
</header>
<main>
<section id="sign-in" aria-labelledby="sign-in-heading" hidden>
<h2 id="sign-in-heading">${h('signInHeading')}</h2>
<p>${h('signInHelp')}</p>
<form id="sign-in-form">
<p><label for="token">${h('tokenLabel')}</label></p>
<textarea id="token" name="token" rows="4" autocomplete="off" spellcheck="false" required></textarea>
<p><button type="submit">${h('signIn')}</button></p>
</form>
<p id="sign-in-error" role="alert"></p>
</section>
<div id="duty" hidden>
<div class="session"><p id="signed-in"></p><button type="button" id="sign-out" class="secondary">${h('signOut')}</button></div>
<section class="toolbar" aria-labelledby="filters-heading">
<h2 id="filters-heading">${h('filtersHeading')}</h2>
<label for="filter-party">${h('partyFilter')}</label>
<select id="filter-party"><option value="">${h('allParties')}</option></select>
<label for="filter-kind">${h('kindFilter')}</label>
<select id="filter-kind"><option value="">${h('allKinds')}</option>${options(language, 'obligationKind')}</select>
<label for="auto-refresh">${h('autoRefresh')}</label>
<select id="auto-refresh">${refreshChoices}</select>
<button type="button" id="refresh">${h('refreshNow')}</button>
<p id="status" class="status" role="status"></p>
</section>
<p id="action-status" class="status" role="status"></p>
<p id="truncated" class="status failed"></p>
<div class="columns">
<div>
<section aria-labelledby="overdue-heading">
<h2 id="overdue-heading">${h('overdueHeading')} <span id="overdue-count"></span></h2>
<div id="overdue" class="scroll"></div>
</section>
<section aria-labelledby="due-heading">
<h2 id="due-heading">${h('dueHeading')} <span id="due-count"></span></h2>
<div id="due" class="scroll"></div>
</section>
</div>
<section aria-labelledby="by-soc-heading">
<h2 id="by-soc-heading">${h('bySocHeading')}</h2>
<div id="by-soc" class="scroll"></div>
</section>
</div>
<div class="columns lower">
<section id="incident" class="panel" aria-labelledby="incident-heading" hidden>
<div class="panel-head"><h2 id="incident-heading" tabindex="-1"></h2><button type="button" id="close-incident" class="secondary">${h('closeDetail')}</button></div>
<div id="incident-body" class="scroll"></div>
</section>
<section class="panel" aria-labelledby="notice-heading">
<h2 id="notice-heading">${h('noticeHeading')}</h2>
<form id="notice-form" class="notice">
<div class="row">
<div><label for="notice-kind">${h('noticeKind')}</label><select id="notice-kind" name="kind">${options(language, 'noticeKind', 'threat')}</select></div>
<div><label for="notice-registered-at">${h('noticeRegisteredAt')}</label><input id="notice-registered-at" name="registeredAt" type="date" required></div>
<div><label for="notice-tlp">${h('noticeTlp')}</label><select id="notice-tlp" name="tlp">${options(language, 'tlp', 'amber')}</select></div>
</div>
<div><label for="notice-description">${h('noticeDescription')}</label><textarea id="notice-description" name="description" rows="3" required maxlength="8000"></textarea></div>
<div><label for="notice-parties">${h('noticeParties')}</label><input id="notice-parties" name="parties" type="text" autocomplete="off" spellcheck="false" size="40"></div>
<fieldset><legend>${h('noticeSectors')}</legend>${sectors}</fieldset>
<div><label for="notice-note">${h('noticeNote')}</label><textarea id="notice-note" name="note" rows="2"></textarea></div>
<div><label for="notice-extra">${h('noticeExtra')}</label><textarea id="notice-extra" name="extra" rows="3" spellcheck="false"></textarea></div>
<p><button type="submit">${h('noticeSend')}</button></p>
</form>
<div id="notice-result" class="status" role="status"></div>
</section>
</div>
</div>
<dialog id="waive-dialog" aria-labelledby="waive-heading" aria-describedby="waive-explain">
<form id="waive-form" class="notice">
<h2 id="waive-heading"></h2>
<p id="waive-explain"></p>
<div><label for="waive-reason">${h('waiveReason')}</label><textarea id="waive-reason" name="reason" rows="3" required maxlength="1000"></textarea></div>
<div id="waive-result" class="status failed" role="alert"></div>
<p class="buttons"><button type="submit" id="waive-submit">${h('waiveConfirm')}</button> <button type="button" id="waive-cancel" class="secondary">${h('cancel')}</button></p>
</form>
</dialog>
</main>
<script type="application/json" id="duty-config">${jsonBlock(config)}</script>
<script>${DUTY_SCRIPT}</script>
</body>
</html>
`;
}
