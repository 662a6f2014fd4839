// search.js: the full-text search of the search page (/recherche/).
//
// The index is built by `panorama build` with Pagefind (src/search.rs) and
// published under <base path>pagefind/. This script uses Pagefind's
// JavaScript API only (pagefind.js: search, then data() per result); the
// page, its words and its behaviour are ours. No framework, no request
// outside the site.
//
// What the page must contain (the panorama and dsfr themes both do):
//   <form id="search-form" role="search" action="PLAN DU SITE URL" data-base="/base/path/">
//     a <label> for <input id="search-input" type="search" name="q">
//   <p id="search-status" role="status">  live region: « 3 résultats pour « … » »
//   <ol id="search-results">              the results: title link and excerpt
// and, optionally:
//   <p id="search-fallback">              the no-JavaScript text, hidden once search works
//   <button id="search-more" hidden>      shows the next results (without it,
//                                         every result is shown at once)
// data-base is the site's base path, `/` or `/panoramas/`: the index is
// loaded from data-base + "pagefind/pagefind.js". A `?q=` in the page's URL
// is searched at once, so the header form of every page lands here with its
// query. Without JavaScript, the form's action leads to the site map.
// It runs as a module or as a classic script (`defer`): all of it is
// inside one function, so no name leaks into the page.

(() => {
  'use strict';

  const form = document.getElementById('search-form');
  const input = document.getElementById('search-input');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const fallback = document.getElementById('search-fallback');
  const more = document.getElementById('search-more');

  const BATCH = 10; // results shown at once
  const DELAY = 300; // ms of quiet typing before searching
  const NNBSP = '\u202f'; // narrow no-break space (French typography)
  const NBSP = '\u00a0';

  // « 3 résultats pour « coopérative » », in French typography.
  function countText(n, query) {
    const q = `«${NNBSP}${query}${NNBSP}»`;
    if (n === 0) return `Aucun résultat pour ${q}. Essayez un autre mot, ou le plan du site.`;
    return `${n.toLocaleString('fr-FR')} résultat${n > 1 ? 's' : ''} pour ${q}`;
  }

  // Pagefind joins the words of an excerpt with plain spaces: put back the
  // no-break spaces of French typography before ; : ! ? » and after «.
  function frenchSpaces(html) {
    return html
      .replace(/ ((?:<\/?mark>)*)([;!?»])/g, `${NNBSP}$1$2`)
      .replace(/ ((?:<\/?mark>)*):/g, `${NBSP}$1:`)
      .replace(/«((?:<\/?mark>)*) /g, `«$1${NNBSP}`);
  }

  // The excerpt is text where Pagefind escaped < and > and wrapped the
  // matching words in <mark>. It is rebuilt as text nodes and <mark>
  // elements, never parsed as HTML.
  function appendExcerpt(parent, excerpt) {
    let target = parent;
    for (const part of frenchSpaces(excerpt).split(/(<\/?mark>)/)) {
      if (part === '<mark>') {
        target = document.createElement('mark');
        parent.append(target);
      } else if (part === '</mark>') {
        target = parent;
      } else if (part) {
        target.append(part.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
      }
    }
  }

  function resultItem(data) {
    const li = document.createElement('li');
    li.className = 'search-result';
    const title = document.createElement('h2');
    title.className = 'search-result-title';
    const link = document.createElement('a');
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    title.append(link);
    li.append(title);
    if (data.excerpt) {
      const p = document.createElement('p');
      p.className = 'search-result-excerpt';
      appendExcerpt(p, data.excerpt);
      li.append(p);
    }
    return li;
  }

  function start() {
    const base = form.dataset.base || '/';
    // The index's script is loaded once. The form is handled from the
    // start: an Enter pressed while that script is still on its way waits
    // for it, instead of following the form's no-JavaScript action (the
    // site map) and losing the query.
    let failed = false;
    const ready = import(`${base}pagefind/pagefind.js`).then(async (pagefind) => {
      // The URLs in the index already hold the base path.
      await pagefind.options({ baseUrl: '/' });
      if (fallback) fallback.hidden = true;
      return pagefind;
    });
    ready.catch(() => {
      // The fallback text (site map) stays visible, and the form leads there.
      failed = true;
      status.textContent = 'La recherche est indisponible pour le moment.';
    });

    let current = 0; // number of the latest search: older answers are dropped
    let results = [];
    let shown = 0;
    let timer = 0;

    // Shows the next batch; returns its first link, or null.
    async function showMore(run) {
      const batch = results.slice(shown, more ? shown + BATCH : results.length);
      const data = await Promise.all(batch.map((r) => r.data()));
      if (run !== current) return null;
      const items = data.map(resultItem);
      list.append(...items);
      shown += items.length;
      if (more) more.hidden = shown >= results.length;
      return items.length ? items[0].querySelector('a') : null;
    }

    async function search(raw) {
      const run = ++current;
      const query = raw.trim().replace(/\s+/g, ' ');
      const url = new URL(window.location.href);
      if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
      window.history.replaceState(null, '', url);
      if (!query) {
        list.replaceChildren();
        status.textContent = '';
        if (more) more.hidden = true;
        return;
      }
      let found;
      try {
        const pagefind = await ready;
        if (run !== current) return;
        found = await pagefind.search(query);
      } catch (e) {
        if (run === current && !failed) status.textContent = 'La recherche a échoué. Réessayez, ou consultez le plan du site.';
        return;
      }
      if (run !== current || !found) return;
      results = found.results;
      shown = 0;
      list.replaceChildren();
      await showMore(run);
      if (run !== current) return;
      // Emptied first, so the same count for a new query is announced again.
      status.textContent = '';
      status.textContent = countText(results.length, query);
    }

    form.addEventListener('submit', (event) => {
      // Search unavailable: the form goes to its action, the site map.
      if (failed) return;
      event.preventDefault();
      clearTimeout(timer);
      search(input.value);
    });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => search(input.value), DELAY);
    });
    if (more) {
      more.addEventListener('click', async () => {
        const first = await showMore(current);
        // Keyboard and screen reader users continue from the first new result.
        if (first) first.focus();
      });
    }

    const initial = new URLSearchParams(window.location.search).get('q');
    if (initial) {
      input.value = initial;
      search(initial);
    }
  }

  if (form && input && status && list) start();
})();
