#!/usr/bin/env node
// Lighthouse scores of a site built by panorama, as a real host serves it.
//
//   node lighthouse.mjs SITE_DIR --port=N [options]
//
// The site must have been built with `--base-url http://127.0.0.1:N/` (the
// canonical links, sitemap and sharing URLs are then absolute and on the same
// origin as the pages, as they are on the real host). It is served on
// 127.0.0.1:N by a small static server that compresses text with gzip, as a
// static host does, and each page is audited by Lighthouse in Debian's
// headless Chromium, mobile and desktop.
//
// Options:
//   --pages=/,/a/,/b/    pages to audit (paths under the site's root)
//   --min=accessibility:100,best-practices:100,seo:100,performance:95
//                        the least score of each category (0 to 100); a
//                        category not listed is reported, never failed
//   --forms=mobile,desktop
//   --chromium=PATH      the browser (also CHROMIUM; default /usr/bin/chromium)
//   --json=FILE          write every score and every failed audit to FILE
//
// Exit code: 0 when every page reaches every minimum, 1 when one does not,
// 2 on usage or setup errors. Each failure names the page, the form factor,
// the category, the score and the audits that cost points.

import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function usage(msg) {
  if (msg) console.error(`lighthouse.mjs: ${msg}`);
  console.error('usage: node lighthouse.mjs SITE_DIR --port=N [--pages=/,/x/] '
    + '[--min=accessibility:100,...] [--forms=mobile,desktop] [--chromium=PATH] [--json=FILE]');
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = {
  pages: ['/'],
  min: { accessibility: 100, 'best-practices': 100, seo: 100, performance: 95 },
  forms: ['mobile', 'desktop'],
  chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  json: null,
  port: null,
};
let site = null;
for (const a of args) {
  const [k, v] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, ''];
  if (k === '--pages') opts.pages = v.split(',').filter(Boolean);
  else if (k === '--min') {
    opts.min = {};
    for (const part of v.split(',').filter(Boolean)) {
      const [cat, score] = part.split(':');
      const n = Number(score);
      if (!cat || !Number.isFinite(n)) usage(`bad --min entry: ${part}`);
      opts.min[cat] = n;
    }
  } else if (k === '--forms') opts.forms = v.split(',').filter(Boolean);
  else if (k === '--chromium') opts.chromium = v;
  else if (k === '--json') opts.json = v;
  else if (k === '--port') opts.port = Number(v);
  else if (k.startsWith('--')) usage(`unknown option ${k}`);
  else if (site === null) site = a;
  else usage(`unexpected argument ${a}`);
}
if (!site) usage('SITE_DIR is required');
if (!Number.isInteger(opts.port) || opts.port <= 0) usage('--port=N is required (the port the site was built for)');
if (!existsSync(path.join(site, 'index.html'))) usage(`${site} has no index.html: build the site first`);
if (!existsSync(opts.chromium)) usage(`no browser at ${opts.chromium}`);
for (const f of opts.forms) if (f !== 'mobile' && f !== 'desktop') usage(`unknown form factor ${f}`);

// ------------------------------------------------------------ static host
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf', '.pf_meta': 'application/octet-stream',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.svg', '.csv']);
const root = path.resolve(site);

function resolveFile(urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  const full = path.resolve(root, '.' + p);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  if (existsSync(full) && statSync(full).isDirectory()) {
    const index = path.join(full, 'index.html');
    return existsSync(index) ? index : null;
  }
  return existsSync(full) ? full : null;
}

const server = createServer((req, res) => {
  const file = resolveFile(req.url);
  const status = file ? 200 : 404;
  const target = file || path.join(root, '404.html');
  const ext = path.extname(target);
  let body = existsSync(target) ? readFileSync(target) : Buffer.from('not found');
  const headers = {
    'Content-Type': TYPES[ext] || 'application/octet-stream',
    'Cache-Control': 'public, max-age=31536000',
  };
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = gzipSync(body);
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
});
await new Promise((ok, ko) => { server.once('error', ko); server.listen(opts.port, '127.0.0.1', ok); });

// -------------------------------------------------------------- audits
const profile = mkdtempSync(path.join(tmpdir(), 'panorama-lh-'));
const chrome = await chromeLauncher.launch({
  chromePath: opts.chromium,
  userDataDir: profile,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const report = [];
let failed = 0;
try {
  for (const page of opts.pages) {
    for (const form of opts.forms) {
      const url = `http://127.0.0.1:${opts.port}${page}`;
      const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories };
      const result = await lighthouse(url, flags, form === 'desktop' ? desktopConfig : undefined);
      const lhr = result.lhr;
      if (lhr.runtimeError) {
        console.error(`lighthouse: ${page} (${form}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        failed++;
        continue;
      }
      const scores = {};
      const line = [];
      for (const cat of categories) {
        const c = lhr.categories[cat];
        const score = c.score === null ? null : Math.round(c.score * 100);
        scores[cat] = score;
        line.push(`${cat} ${score}`);
        const min = opts.min[cat];
        if (min !== undefined && (score === null || score < min)) {
          failed++;
          const lost = c.auditRefs
            .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
            .map((r) => `${r.id} (${lhr.audits[r.id].displayValue || lhr.audits[r.id].score})`);
          console.error(`lighthouse: FAIL ${page} (${form}): ${cat} ${score} < ${min}: ${lost.join(', ') || 'no scored audit failed'}`);
        }
      }
      console.log(`lighthouse: ${page} (${form}): ${line.join(', ')}`);
      report.push({ page, form, scores,
        failed: Object.values(lhr.audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative').map((a) => a.id) });
    }
  }
} finally {
  await chrome.kill();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 2));
console.log(`lighthouse: ${report.length} audits, ${failed} below their minimum`);
process.exit(failed ? 1 : 0);
