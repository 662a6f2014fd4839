#!/usr/bin/env node
// Accessibility and validity checks of a site built by panorama.
//
//   node check.mjs [SITE_DIR] [options]      (SITE_DIR defaults to ../../output)
//
// For every HTML page of SITE_DIR, served on 127.0.0.1 by a tiny static
// server, in Debian's headless Chromium driven by playwright-core:
//   axe       axe-core, tags wcag2a wcag2aa wcag21a wcag21aa: zero violations
//   rgaa      axe-core best-practice rules that RGAA 4.1 makes mandatory
//             (headings 9.1, landmarks 12.6, skip link 12.7) + exactly one h1
//   scroll    no horizontal scrolling (scrollWidth <= clientWidth) at 375 px
//             and at 320 px (WCAG 1.4.10 Reflow)
//   keyboard  the first Tab lands on a skip link that is visible and whose
//             target exists; every link / control shows a focus indicator
//   resources no request outside 127.0.0.1, no sub-resource answering >= 400
//   typo      no plain space (U+0020) before ; : ! ? » nor after « in the visible text,
//             outside code (the report shows ␣ plain space, ⍽ U+00A0, · U+202F)
//   search    when the site has its search page (recherche/): French queries that need
//             stemming and accents find pages, the count is announced in the status
//             region, results link to real pages, axe and typo on the results, the
//             keyboard reaches and uses the form, the header's search entry leads there,
//             and without JavaScript the page leads to the site map (see checkSearch)
// then the Nu HTML Checker (vnu-jar, run with Java) on the whole folder:
//   vnu       zero errors
//
// Options:
//   --typography=error|warn|off   typo check is fatal (default), reported only, or skipped
//                                 (also A11Y_TYPOGRAPHY=warn in the environment)
//   --widths=1280,375             widths at which every check runs (default 1280,375)
//   --scroll-widths=320           extra widths for the scroll check only (default 320; "" for none)
//   --only=REGEX                  only pages whose URL matches REGEX (vnu still checks the folder)
//   --no-vnu                      skip the Nu HTML Checker
//   --no-search                   skip the search checks
//   --base-path=/panoramas/       the site was built for a sub-path: serve it there
//   --chromium=/usr/bin/chromium  the browser (also CHROMIUM in the environment)
//   --jobs=2                      pages checked at once (browser tabs)
//   --quiet                       only print failures and the summary
//
// Exit code: 0 when every check passes, 1 when any fails, 2 on usage or setup errors.

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, readdirSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- options
function usage(msg) {
  if (msg) console.error(`check.mjs: ${msg}`);
  console.error('usage: node check.mjs [SITE_DIR] [--typography=error|warn|off] [--widths=1280,375] '
    + '[--scroll-widths=320] [--only=REGEX] [--no-vnu] [--no-search] [--base-path=/sub/] [--chromium=PATH] [--jobs=2] [--quiet]');
  process.exit(2);
}

const opts = {
  site: path.resolve(HERE, '../../output'),
  typography: process.env.A11Y_TYPOGRAPHY || 'error',
  widths: [1280, 375],
  scrollWidths: [320],
  only: null,
  vnu: true,
  search: true,
  basePath: '/',
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  quiet: false,
  jobs: 2,
};
const widthList = (v) => v.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 200 || n > 4000) usage(`bad width: ${s}`);
  return n;
});
let siteGiven = false;
for (const arg of process.argv.slice(2)) {
  const [k, ...rest] = arg.split('=');
  const v = rest.join('=');
  if (k === '--typography') opts.typography = v;
  else if (k === '--widths') opts.widths = widthList(v);
  else if (k === '--scroll-widths') opts.scrollWidths = widthList(v);
  else if (k === '--only') opts.only = new RegExp(v);
  else if (k === '--no-vnu') opts.vnu = false;
  else if (k === '--no-search') opts.search = false;
  else if (k === '--base-path') opts.basePath = v;
  else if (k === '--chromium') opts.chromium = v;
  else if (k === '--quiet') opts.quiet = true;
  else if (k === '--jobs') { opts.jobs = Number(v); if (!Number.isInteger(opts.jobs) || opts.jobs < 1 || opts.jobs > 16) usage(`bad --jobs: ${v}`); }
  else if (k === '-h' || k === '--help') usage();
  else if (k.startsWith('-')) usage(`unknown option: ${arg}`);
  else if (!siteGiven) { opts.site = path.resolve(arg); siteGiven = true; }
  else usage(`unexpected argument: ${arg}`);
}
if (!['error', 'warn', 'off'].includes(opts.typography)) usage(`--typography must be error, warn or off, not ${opts.typography}`);
if (!opts.basePath.startsWith('/')) opts.basePath = '/' + opts.basePath;
if (!opts.basePath.endsWith('/')) opts.basePath += '/';
if (!existsSync(opts.site) || !statSync(opts.site).isDirectory()) {
  console.error(`check.mjs: no site folder at ${opts.site}: build it first (cargo run --release -- build)`);
  process.exit(2);
}
if (!existsSync(opts.chromium)) {
  console.error(`check.mjs: no browser at ${opts.chromium}: apt-get install -y chromium (or pass --chromium=PATH)`);
  process.exit(2);
}
const log = (...a) => { if (!opts.quiet) console.log(...a); };

// ---------------------------------------------------------------- the pages
function htmlFiles(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...htmlFiles(dir, r));
    else if (/\.html?$/i.test(e.name)) out.push(r);
  }
  return out;
}
const pages = htmlFiles(opts.site)
  .map((f) => opts.basePath + f.replace(/(^|\/)index\.html$/, '$1'))
  .sort()
  .filter((u) => !opts.only || opts.only.test(u));
if (pages.length === 0) {
  console.error(`check.mjs: no HTML page in ${opts.site}${opts.only ? ` matching ${opts.only}` : ''}`);
  process.exit(2);
}

// ---------------------------------------------------------------- static server
const MIME = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif',
  '.ico': 'image/x-icon', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.woff2': 'font/woff2', '.pdf': 'application/pdf', '.atom': 'application/atom+xml', '.wasm': 'application/wasm',
};
function serve(root, basePath) {
  const server = createServer((req, res) => {
    const send = (status, file) => {
      res.writeHead(status, { 'content-type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream', 'cache-control': 'no-store' });
      if (req.method === 'HEAD') res.end(); else createReadStream(file).pipe(res);
    };
    const notFound = () => {
      const f = path.join(root, '404.html');
      if (existsSync(f)) send(404, f); else { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); }
    };
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { return notFound(); }
    if (!p.startsWith(basePath)) return notFound();
    const file = path.resolve(root, '.' + path.posix.normalize('/' + p.slice(basePath.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    if (!existsSync(file)) return notFound();
    if (statSync(file).isDirectory()) {
      if (!p.endsWith('/')) { res.writeHead(301, { location: p + '/' }); return res.end(); }
      const index = path.join(file, 'index.html');
      return existsSync(index) ? send(200, index) : notFound();
    }
    send(200, file);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- in-page checks
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// axe-core files these under best-practice, RGAA 4.1 makes them mandatory:
// 9.1 (headings), 12.6 (landmarks), 12.7 (skip link).
const RGAA_RULES = [
  'heading-order', 'page-has-heading-one', 'empty-heading',
  'landmark-one-main', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main', 'landmark-banner-is-top-level', 'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level', 'landmark-complementary-is-top-level', 'landmark-unique', 'region', 'skip-link',
];

function runAxe(page, runOnly) {
  return page.evaluate(async (runOnly) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.flat().join(' '), summary: n.failureSummary })),
    }));
  }, runOnly);
}

// Headings: exactly one h1, and the first heading is the h1.
function headingOutline() {
  const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]')]
    .filter((h) => h.checkVisibility());
  const problems = [];
  const h1 = hs.filter((h) => h.tagName === 'H1' || h.getAttribute('aria-level') === '1');
  if (h1.length !== 1) problems.push(`${h1.length} h1 on the page (expected exactly one)`);
  return problems;
}

// Horizontal scrolling, with the elements sticking out for the report.
function overflow() {
  const de = document.documentElement;
  if (de.scrollWidth <= de.clientWidth) return null;
  const cw = de.clientWidth;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '')
    + (e.classList.length ? '.' + [...e.classList].join('.') : '');
  const culprits = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.right > cw + 0.5 && r.width > 0) {
      // report the outermost element that sticks out
      if (!culprits.some((c) => c.el.contains(e))) culprits.push({ el: e, right: Math.round(r.right) });
    }
    if (culprits.length >= 5) break;
  }
  return { scrollWidth: de.scrollWidth, clientWidth: cw, culprits: culprits.map((c) => `${name(c.el)} (right edge ${c.right}px)`) };
}

// After one Tab from the top of the page: the focused element must be a
// visible skip link whose target exists. Then every link and control must
// show a focus indicator when focused from the keyboard.
function keyboard() {
  const problems = [];
  const a = document.activeElement;
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const visibleFocus = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    // A link stretched over its card or tile (the DSFR's fr-enlarge-link)
    // draws its focus ring on its ::before, which covers the whole card.
    const b = getComputedStyle(el, '::before');
    const stretched = b.content !== 'none' && b.position === 'absolute'
      && b.outlineStyle !== 'none' && parseFloat(b.outlineWidth) >= 2;
    return outline || shadow || stretched;
  };
  if (!a || a === document.body || a.tagName !== 'A' || !(a.getAttribute('href') || '').startsWith('#')) {
    problems.push(`first Tab does not focus a skip link (focused: ${a ? a.outerHTML.slice(0, 80) : 'nothing'})`);
  } else {
    const r = a.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.left < 0 || r.top < 0 || r.right > vw || r.bottom > vh) {
      problems.push(`skip link "${a.textContent.trim()}" is not visible when focused (box ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)})`);
    }
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!document.getElementById(id)) problems.push(`skip link target #${id} does not exist`);
    if (!visibleFocus(a)) problems.push('skip link has no visible focus indicator');
  }
  const focusables = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter((e) => e.checkVisibility());
  const bad = [];
  for (const el of focusables) {
    el.focus();
    if (document.activeElement !== el) continue;
    if (!el.matches(':focus-visible') || !visibleFocus(el)) bad.push(el);
  }
  if (bad.length) {
    problems.push(`${bad.length} focusable element(s) without a visible focus indicator, e.g. `
      + bad.slice(0, 3).map((e) => e.outerHTML.slice(0, 100)).join(' | '));
  }
  if (document.activeElement) document.activeElement.blur();
  window.scrollTo(0, 0);
  return problems;
}

// French typography: a plain space before ; : ! ? » in the rendered text,
// outside code. Runs last (reads the page without changing it).
function typography() {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'CODE', 'PRE', 'KBD', 'SAMP', 'VAR', 'TEXTAREA']);
  const blockOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const d = getComputedStyle(e).display;
      if (!d.startsWith('inline') && d !== 'contents') return e;
    }
    return document.body;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      for (let e = n.parentElement; e; e = e.parentElement) {
        if (SKIP.has(e.tagName) || e.namespaceURI === 'http://www.w3.org/2000/svg' && e.tagName.toLowerCase() === 'style') return NodeFilter.FILTER_REJECT;
      }
      return n.parentElement.checkVisibility() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
    },
  });
  let text = '';
  let lastBlock = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const b = blockOf(n.parentElement);
    if (lastBlock && b !== lastBlock) text += '\u2029';
    lastBlock = b;
    text += n.data;
  }
  // CSS collapses ASCII white space (not U+00A0 nor U+202F).
  text = text.replace(/[ \t\n\r\f]+/g, ' ');
  const hits = [];
  // before ; : ! ? » (not at the start of a block), and after «
  const re = /(?<=[^\u2029 ]) (?=[;:!?»])|(?<=«) /g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const show = (t) => t.replace(/\s*(\u2029\s*)+/g, ' ¶ ').replace(/\u00a0/g, '⍽').replace(/\u202f/g, '·');
    hits.push((show(text.slice(Math.max(0, m.index - 30), m.index)) + '␣' + show(text.slice(m.index + 1, m.index + 12))).trim());
  }
  return hits;
}

// ---------------------------------------------------------------- search
// The full-text search page, `recherche/` (panorama builds it with Pagefind
// when `search:` is on; static/search.js drives it). The contract every
// theme keeps: form#search-form[role=search] with a labelled
// input#search-input[name=q], p#search-status[role=status], ol#search-results,
// and the form's action is the site map (where it leads without JavaScript).
// The queries need what the issue asks for: « coopératives » must find the
// singular « coopérative » (stemming), « economie » must find « économie »
// (accents). They suit the shipped collection (volume 3).
const SEARCH_QUERIES = [
  { q: 'coopératives', word: /^coopérative$/i, why: 'the singular « coopérative » (French stemming)' },
  { q: 'economie', word: /^économie$/i, why: '« économie » with its accent' },
];
const SEARCH_WAIT = 15000; // ms for the index to load and answer

// In the page: the count announced by the status region, the results shown,
// the highlighted words (without their punctuation) and the first links.
function searchState() {
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const text = status ? status.textContent.trim() : '';
  const m = /^(\d[\d\u202f]*) résultats? pour «\u202f(.*)\u202f»/.exec(text);
  const none = /^Aucun résultat pour «\u202f(.*)\u202f»/.exec(text);
  return {
    status: text,
    role: status && status.getAttribute('role'),
    count: m ? Number(m[1].replace(/\u202f/g, '')) : none ? 0 : null,
    query: m ? m[2] : none ? none[1] : null,
    items: list ? list.children.length : 0,
    links: list ? [...list.querySelectorAll('li a[href]')].map((a) => a.href).slice(0, 3) : [],
    marks: list ? [...list.querySelectorAll('mark')].map((e) => e.textContent.replace(/[^\p{L}\p{N}]+$/u, '').replace(/^[^\p{L}\p{N}]+/u, '')) : [],
    more: !!(more && !more.hidden && more.checkVisibility()),
    search: window.location.search,
    path: window.location.pathname,
  };
}

async function waitForStatus(page, query) {
  await page.waitForFunction((q) => {
    const t = (document.getElementById('search-status')?.textContent || '');
    return t.includes(`«\u202f${q}\u202f»`);
  }, query, { timeout: SEARCH_WAIT });
  return page.evaluate(searchState);
}

async function checkSearch(context, origin) {
  const url = `${opts.basePath}recherche/`;
  const page = await context.newPage();
  const problems = [];
  const fail = (m) => problems.push(m);
  try {
    await page.setViewportSize({ width: opts.widths[0] || 1280, height: 900 });
    // 1. Queries from the URL, as the header form sends them.
    for (const { q, word, why } of SEARCH_QUERIES) {
      const at = `${url}?q=${encodeURIComponent(q)}`;
      await page.goto(origin + at, { waitUntil: 'load' });
      let st;
      try { st = await waitForStatus(page, q); } catch {
        fail(`${at}: the status region never announced results for « ${q} » (it says: “${await page.evaluate(() => document.getElementById('search-status')?.textContent || '(no #search-status)')}”)`);
        continue;
      }
      if (st.role !== 'status') fail(`#search-status has role=${st.role}, not status`);
      if (!st.count) { fail(`« ${q} » finds nothing (status: “${st.status}”)`); continue; }
      if (st.items < 1 || st.items > st.count) fail(`« ${q} »: ${st.items} result(s) shown for ${st.count} announced`);
      if (st.count > st.items && !st.more) fail(`« ${q} »: ${st.count} results, ${st.items} shown, and no visible #search-more button`);
      if (!st.marks.some((m) => word.test(m))) fail(`« ${q} » should find ${why}; highlighted words: ${[...new Set(st.marks)].slice(0, 12).join(', ') || 'none'}`);
      for (const href of st.links) {
        const code = await page.evaluate(async (h) => (await fetch(h, { method: 'HEAD' })).status, href);
        if (code !== 200) fail(`« ${q} »: the result link ${href} answers ${code}`);
      }
      // The page with results, at every width: axe, RGAA rules, typography.
      for (const width of opts.widths) {
        await page.setViewportSize({ width, height: 900 });
        const a = axeLines(await runAxe(page, { type: 'tag', values: AXE_TAGS }));
        const r = axeLines(await runAxe(page, { type: 'rule', values: RGAA_RULES }));
        for (const l of [...a, ...r]) fail(`axe with the results of « ${q} » @${width}px: ${l}`);
      }
      await page.setViewportSize({ width: opts.widths[0] || 1280, height: 900 });
      if (opts.typography !== 'off') {
        for (const h of await page.evaluate(typography)) fail(`typography in the results of « ${q} »: plain space ␣ in “${h}”`);
      }
    }

    // 2. The keyboard alone: Tab reaches the field, Enter searches, Tab
    // goes on to the results, the "more" button brings focus to the new ones.
    await page.goto(origin + url, { waitUntil: 'load' });
    let reached = false;
    for (let i = 0; i < 60 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'search-input');
    }
    if (!reached) fail('Tab never reaches #search-input (60 presses from the top of the page)');
    else {
      const label = await page.evaluate(() => {
        const i = document.getElementById('search-input');
        return [...(i.labels || [])].map((l) => l.textContent.trim()).join(' ') || i.getAttribute('aria-label') || '';
      });
      if (!label) fail('#search-input has no label');
      await page.keyboard.type('economie');
      await page.keyboard.press('Enter');
      let st = null;
      try { st = await waitForStatus(page, 'economie'); } catch { fail('typing « economie » then Enter gives no announced result'); }
      if (st) {
        if (st.path !== url) fail(`Enter in the field left the search page for ${st.path}`);
        if (!/[?&]q=economie(&|$)/.test(st.search)) fail(`the query is not kept in the page's URL (search: “${st.search}”)`);
        let onResult = false;
        for (let i = 0; i < 4 && !onResult; i += 1) {
          await page.keyboard.press('Tab');
          onResult = await page.evaluate(() => !!document.activeElement?.closest('#search-results') && document.activeElement.tagName === 'A');
        }
        if (!onResult) fail('Tab after the form does not reach the first result link');
        if (st.more) {
          const before = st.items;
          await page.focus('#search-more');
          await page.keyboard.press('Enter');
          try {
            await page.waitForFunction((n) => document.getElementById('search-results').children.length > n, before, { timeout: SEARCH_WAIT });
            const focus = await page.evaluate((n) => {
              const a = document.activeElement;
              const li = a && a.closest('#search-results > li');
              return li ? [...li.parentElement.children].indexOf(li) === n : false;
            }, before);
            if (!focus) fail('after « more results », focus is not on the first new result');
          } catch { fail('the « more results » button shows nothing more'); }
        }
      }
    }

    // 2b. Enter pressed before the index's script has arrived (a slow
    // connection, a busy machine): the query waits for it, and the page
    // stays the search page (the form's own action is the site map). The
    // script is held until Enter has been pressed.
    let release = () => {};
    const held = new Promise((resolve) => { release = resolve; });
    const script = '**/pagefind/pagefind.js';
    await page.route(script, async (route) => { await held; await route.continue(); });
    try {
      await page.goto(origin + url, { waitUntil: 'domcontentloaded' });
      await page.focus('#search-input');
      await page.keyboard.type('economie');
      await page.keyboard.press('Enter');
      release();
      let st = null;
      try { st = await waitForStatus(page, 'economie'); } catch {
        fail(`Enter pressed while the search script loads gives no announced result (the page is now ${new URL(page.url()).pathname})`);
      }
      if (st && st.path !== url) fail(`Enter pressed while the search script loads left the search page for ${st.path}`);
    } finally {
      release();
      await page.unroute(script);
    }

    // 3. The header of another page leads to the search: its form sends ?q=
    // to the search page, or it links there.
    await page.goto(origin + opts.basePath, { waitUntil: 'load' });
    const entry = await page.evaluate(() => {
      const banner = document.querySelector('header, [role=banner]');
      if (!banner) return { kind: 'none' };
      const input = banner.querySelector('form[role=search] input[name=q], [role=search] input[name=q]');
      if (input) { input.id = input.id || 'a11y-header-search'; return { kind: 'form', id: input.id }; }
      const link = [...banner.querySelectorAll('a[href]')].find((a) => /\/recherche\/?(\?|$)/.test(new URL(a.href).pathname + new URL(a.href).search));
      return link ? { kind: 'link', href: link.href } : { kind: 'none' };
    });
    if (entry.kind === 'none') fail(`no search entry in the header of ${opts.basePath} (a form[role=search] with an input name=q, or a link to ${url})`);
    else if (entry.kind === 'form') {
      await page.focus(`#${entry.id}`);
      await page.keyboard.type('coopératives');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      const where = new URL(page.url());
      if (where.pathname !== url) fail(`the header search form leads to ${where.pathname}, not ${url}`);
      else {
        try { await waitForStatus(page, 'coopératives'); } catch { fail('a search from the header form shows no result on the search page'); }
      }
    } else if (new URL(entry.href).pathname !== url) fail(`the header search link leads to ${entry.href}`);

    // 4. Without JavaScript: the page says so and leads to the site map, and
    // so does its form.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(origin + url + '?q=economie', { waitUntil: 'load' });
    const nojs = await page.evaluate(() => {
      const form = document.getElementById('search-form');
      const action = form ? new URL(form.getAttribute('action') || '', location.href).pathname : null;
      const main = document.querySelector('main') || document.body;
      const visibleLinks = [...main.querySelectorAll('a[href]')].filter((a) => a.checkVisibility())
        .map((a) => new URL(a.href).pathname);
      const text = main.innerText;
      return { action, visibleLinks, mentionsJs: /JavaScript/i.test(text), results: document.getElementById('search-results')?.children.length || 0 };
    });
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    await cdp.detach();
    if (!nojs.action) fail('no #search-form on the search page');
    else {
      const code = await page.evaluate(async (h) => (await fetch(h)).status, nojs.action);
      if (code !== 200) fail(`without JavaScript the form leads to ${nojs.action}, which answers ${code}`);
      if (!nojs.visibleLinks.includes(nojs.action)) fail(`without JavaScript the page shows no link to ${nojs.action} (the site map)`);
    }
    if (!nojs.mentionsJs) fail('without JavaScript the page does not say that search needs JavaScript');
  } finally {
    await page.close();
  }
  record('search', url, null, problems);
  log(`done  ${url} (search)`);
}

// ---------------------------------------------------------------- Nu HTML Checker
function runVnu(dir) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  return new Promise((resolve) => {
    const child = spawn('java', ['-Xss2m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', (e) => resolve({ setup: `cannot run java (${e.message}): apt-get install -y default-jre-headless` }));
    child.on('close', (code) => {
      const start = out.indexOf('{');
      let messages;
      try { messages = JSON.parse(out.slice(start)).messages; } catch {
        return resolve(code === 0 ? { messages: [] } : { setup: `vnu exited ${code}: ${out.trim().slice(0, 2000)}` });
      }
      resolve({ messages: messages.filter((m) => m.type === 'error' || m.subType === 'fatal') });
    });
  });
}

// ---------------------------------------------------------------- main
const failures = []; // { check, page, width, lines[] }
const warnings = [];
const stats = { passed: 0, failed: 0 };
function record(check, page, width, lines, { warn = false } = {}) {
  if (!lines.length) { stats.passed += 1; return; }
  const entry = { check, page, width, lines };
  if (warn) { warnings.push(entry); stats.passed += 1; } else { failures.push(entry); stats.failed += 1; }
  const head = `${warn ? 'WARN' : 'FAIL'} [${check}] ${page}${width ? ` @${width}px` : ''}`;
  console.log(head);
  for (const l of lines) console.log(`    ${l.replace(/\n/g, '\n    ')}`);
}
function axeLines(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 8)) lines.push(`  - ${n.target}`);
    if (v.nodes.length > 8) lines.push(`  … and ${v.nodes.length - 8} more`);
  }
  return lines;
}

const started = Date.now();
const vnuPromise = opts.vnu ? runVnu(opts.site) : null;
const server = await serve(opts.site, opts.basePath);
const origin = `http://127.0.0.1:${server.address().port}`;
const userDataDir = mkdtempSync(path.join(tmpdir(), 'panorama-a11y-chromium-'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: opts.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: opts.widths[0] || 1280, height: 900 },
    reducedMotion: 'reduce',
  });
} catch (e) {
  console.error(`check.mjs: cannot start ${opts.chromium}: ${e.message}`);
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(2);
}

let exitCode = 0;
try {
  // axe-core is in every page from the start (one transfer to the browser, not one per page).
  await context.addInitScript({ content: axeSource });
  // Nothing leaves the machine: any request outside the local server is aborted and fails the page.
  const external = new Map(); // page -> urls
  await context.route((url) => !url.href.startsWith(origin) && !url.protocol.startsWith('data')
    && !url.protocol.startsWith('blob'), (route) => {
    const p = route.request().frame()?.page();
    if (p && external.has(p)) external.get(p).push(route.request().url());
    route.abort();
  });

  log(`panorama a11y: ${pages.length} page(s) of ${opts.site} at ${opts.widths.join(', ')} px `
    + `(scroll also at ${opts.scrollWidths.join(', ') || '—'} px), ${opts.jobs} tab(s), served at ${origin}${opts.basePath}`);

  async function checkPage(page, url, width, full) {
    external.set(page, []);
    const broken = [];
    const onResponse = (r) => { if (r.status() >= 400 && r.request().resourceType() !== 'document') broken.push(`${r.status()} ${r.url()}`); };
    page.on('response', onResponse);
    try {
      const resp = await page.goto(origin + url, { waitUntil: 'load' });
      const status = resp ? resp.status() : 0;
      if (status !== 200) { record('load', url, width, [`HTTP ${status}`]); return; }
      if (width <= 400) {
        const o = await page.evaluate(overflow);
        record('scroll', url, width, o ? [`horizontal scrolling: scrollWidth ${o.scrollWidth} > clientWidth ${o.clientWidth}`,
          ...o.culprits.map((c) => `  sticks out: ${c}`)] : []);
      }
      if (!full) return;
      record('resources', url, width, [...external.get(page).map((u) => `external request: ${u}`), ...broken.map((b) => `broken: ${b}`)]);
      record('axe', url, width, axeLines(await runAxe(page, { type: 'tag', values: AXE_TAGS })));
      const rgaa = axeLines(await runAxe(page, { type: 'rule', values: RGAA_RULES }));
      record('rgaa', url, width, [...rgaa, ...await page.evaluate(headingOutline)]);
      await page.keyboard.press('Tab');
      record('keyboard', url, width, await page.evaluate(keyboard));
      if (opts.typography !== 'off' && width === opts.widths[0]) {
        const hits = await page.evaluate(typography);
        record('typo', url, null, hits.map((h) => `plain space ␣ before ; : ! ? » or after «: “${h}”`), { warn: opts.typography === 'warn' });
      }
    } finally {
      page.off('response', onResponse);
      external.delete(page);
    }
    log(`done  ${url} @${width}px`);
  }

  const tabs = [context.pages()[0] || await context.newPage()];
  while (tabs.length < opts.jobs) tabs.push(await context.newPage());
  const allWidths = [...opts.widths.map((w) => [w, true]), ...opts.scrollWidths.filter((w) => !opts.widths.includes(w)).map((w) => [w, false])];
  for (const [width, full] of allWidths) {
    const queue = [...pages];
    await Promise.all(tabs.map(async (page) => {
      await page.setViewportSize({ width, height: 900 });
      for (let url = queue.shift(); url; url = queue.shift()) {
        try { await checkPage(page, url, width, full); } catch (e) { record('load', url, width, [`error: ${e.message.split('\n')[0]}`]); }
      }
    }));
  }

  const searchPage = `${opts.basePath}recherche/`;
  if (opts.search && existsSync(path.join(opts.site, 'recherche', 'index.html')) && (!opts.only || opts.only.test(searchPage))) {
    try { await checkSearch(context, origin); } catch (e) { record('search', searchPage, null, [`error: ${e.message.split('\n')[0]}`]); }
  }

  if (vnuPromise) {
    log('Nu HTML Checker…');
    const v = await vnuPromise;
    if (v.setup) { record('vnu', opts.site, null, [v.setup]); }
    else {
      const byFile = new Map();
      for (const m of v.messages) {
        const f = (m.url || '').replace(/^file:/, '').replace(opts.site, '') || '?';
        if (!byFile.has(f)) byFile.set(f, []);
        byFile.get(f).push(`${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'} ${m.message}${m.extract ? `\n  ${m.extract.replace(/\n/g, '⏎')}` : ''}`);
      }
      const checked = htmlFiles(opts.site).length;
      for (const [f, lines] of byFile) record('vnu', f, null, lines);
      stats.passed += checked - byFile.size;
    }
  }
} finally {
  await context.close().catch(() => {});
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

// ---------------------------------------------------------------- summary
const byCheck = {};
for (const f of failures) byCheck[f.check] = (byCheck[f.check] || 0) + 1;
console.log('');
console.log(`panorama a11y: ${pages.length} page(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const c of ['load', 'axe', 'rgaa', 'scroll', 'keyboard', 'resources', 'typo', 'search', 'vnu']) {
  if (c === 'vnu' && !opts.vnu) continue;
  if (c === 'typo' && opts.typography === 'off') { console.log('  typo       skipped (--typography=off)'); continue; }
  const n = byCheck[c] || 0;
  const w = warnings.filter((x) => x.check === c).length;
  console.log(`  ${c.padEnd(10)} ${n ? `${n} failing page(s)` : 'ok'}${w ? ` (${w} page(s) with warnings, not fatal: --typography=warn)` : ''}`);
}
if (failures.length) exitCode = 1;
console.log(`a11y: ${stats.passed} passed, ${stats.failed} failed`);
process.exit(exitCode);
