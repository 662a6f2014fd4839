// Runs Pagefind's own reader (the published pagefind/pagefind.js and its
// French WebAssembly), in Node, against a built site served over HTTP, and
// prints what each query finds as JSON. Used by tests/search.rs
// (`the_published_reader_finds_pages_in_our_index`); no browser needed.
//
//   node tests/search_client.mjs DIR BASE_URL QUERY…
//
// DIR holds a copy of the site's pagefind/pagefind.js (Node imports modules
// from files, not from HTTP); BASE_URL is where the site is served, e.g.
// http://127.0.0.1:PORT/ — the reader fetches its index from there.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [dir, base, ...queries] = process.argv.slice(2);
const pagefind = await import(pathToFileURL(path.join(dir, 'pagefind.js')).href);
await pagefind.options({ basePath: `${base}pagefind/`, baseUrl: '/' });
await pagefind.init('fr');
const out = {};
for (const q of queries) {
  const found = await pagefind.search(q);
  const results = [];
  for (const r of found.results.slice(0, 10)) {
    const d = await r.data();
    results.push({ url: d.url, title: d.meta && d.meta.title, excerpt: d.excerpt });
  }
  out[q] = { count: found.results.length, results };
}
process.stdout.write(JSON.stringify(out));
