// The script of the commontext preview page (served as /preview.js). It swaps each publication's
// content when the server announces a rebuild (server-sent events), keeping each pane's scroll
// position; scrolls the two panes together clause by clause (by the source line of the clause heading,
// data-src, which both publications share); and takes the links of the status panel to their place.
(() => {
  'use strict';
  const SIDES = ['itu', 'iso'];
  const frames = { itu: document.getElementById('frame-itu'), iso: document.getElementById('frame-iso') };
  const loaded = {};
  for (const side of SIDES) {
    loaded[side] = new Promise((resolve) => {
      const f = frames[side];
      if (f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.querySelector('main')) resolve();
      f.addEventListener('load', () => resolve(), { once: true });
    });
  }
  let shown = Number(document.body.dataset.version || 0);
  const doc = (side) => frames[side].contentDocument;
  const win = (side) => frames[side].contentWindow;
  // the scroll position a pane was last moved to by this script: its scroll event is not the reader's
  const expected = {};

  const HEADINGS = 'main :is(h1, h2, h3, h4, h5, h6, [role=heading])[data-src]';

  function moveTo(side, y) {
    const w = win(side);
    const target = Math.max(0, Math.round(y));
    if (Math.abs(w.scrollY - target) < 1) return;
    expected[side] = target;
    w.scrollTo(0, target);
  }

  const VERSION = 'meta[name="commontext-preview-version"]';
  const frameVersion = (side) => { const m = doc(side).querySelector(VERSION); return m ? Number(m.content) : -1; };

  // the whole publication fetched again (its first update, or after a change of more than its text)
  async function swap(side, version) {
    const res = await fetch(`/pub/${side}?v=${version}`);
    if (!res.ok) return;
    const next = new DOMParser().parseFromString(await res.text(), 'text/html');
    const d = doc(side);
    const y = win(side).scrollY;
    const style = next.querySelector('style');
    const own = d.querySelector('style');
    if (style && own && own.textContent !== style.textContent) own.textContent = style.textContent;
    patch(d.querySelector('main'), next.querySelector('main'));
    const mine = d.querySelector(VERSION);
    const theirs = next.querySelector(VERSION);
    if (mine && theirs) mine.content = theirs.content;
    moveTo(side, y);
  }

  // the server's patches: the changed elements of each section, made from the version this pane shows
  async function apply(side, data) {
    await loaded[side];
    const patches = data.patches && data.patches[side];
    if (!patches || frameVersion(side) !== data.from) return swap(side, data.version);
    const d = doc(side);
    const y = win(side).scrollY;
    const sections = d.querySelectorAll('main > section.pub-section');
    for (const p of patches) {
      const section = sections[p.section];
      const kids = section.children;
      const before = kids[p.from + p.remove] || null;
      for (let i = 0; i < p.remove; i++) kids[p.from].remove();
      const t = d.createElement('template');
      t.innerHTML = p.html;
      section.insertBefore(t.content, before);
    }
    d.querySelector(VERSION).content = String(data.version);
    moveTo(side, y);
  }

  // Replaces only what changed: the children of a parent that differ, after the common head and tail
  // (a save changes a paragraph or a clause, not the whole publication; the browser then lays out that
  // part again, not hundreds of pages). A single changed container (a section, a one-side block) is patched inside.
  function patch(old, next) {
    const a = [...old.children];
    const b = [...next.children];
    let start = 0;
    while (start < a.length && start < b.length && a[start].isEqualNode(b[start])) start++;
    let endA = a.length - 1;
    let endB = b.length - 1;
    while (endA >= start && endB >= start && a[endA].isEqualNode(b[endB])) { endA--; endB--; }
    if (endA === start && endB === start && a[start].matches('section, div.one-side') && a[start].cloneNode(false).isEqualNode(b[start].cloneNode(false))) {
      patch(a[start], b[start]);
      return;
    }
    const doc = old.ownerDocument;
    const before = a[endA + 1] || null;
    for (let i = start; i <= endA; i++) a[i].remove();
    for (let j = start; j <= endB; j++) old.insertBefore(doc.importNode(b[j], true), before);
  }

  // the time from each update's announcement to both panes showing it (read by bench/preview-bench.mjs)
  const timings = [];
  window.commontextPreviewTimings = timings;

  // one update at a time per pane, in order
  const queue = { itu: Promise.resolve(), iso: Promise.resolve() };

  async function update(data) {
    const version = data.version;
    if (version <= shown) return;
    shown = version;
    const t0 = performance.now();
    // a patch that does not fit (it should not happen) falls back to the whole publication
    await Promise.all(SIDES.map((s) => (queue[s] = queue[s].then(() => apply(s, data).catch(() => swap(s, version))).catch(() => {}))));
    timings.push({ version, ms: Math.round(performance.now() - t0) });
    if (version === shown) document.body.dataset.version = String(version);
  }

  // the heading at the top of a pane and how far the view is past it, towards the next heading
  function position(side) {
    const hs = [...doc(side).querySelectorAll(HEADINGS)];
    let i = -1;
    for (let k = 0; k < hs.length; k++) { if (hs[k].getBoundingClientRect().top <= 2) i = k; else break; }
    if (i < 0) return null;
    const top = hs[i].getBoundingClientRect().top;
    const end = hs[i + 1] ? hs[i + 1].getBoundingClientRect().top : doc(side).documentElement.scrollHeight - win(side).scrollY;
    return { key: hs[i].dataset.src, fraction: Math.min(1, Math.max(0, -top / Math.max(1, end - top))) };
  }

  function follow(from) {
    const to = from === 'itu' ? 'iso' : 'itu';
    const p = position(from);
    if (!p) { moveTo(to, 0); return; }
    const hs = [...doc(to).querySelectorAll(HEADINGS)];
    const i = hs.findIndex((h) => h.dataset.src === p.key);
    if (i < 0) return;
    const y = win(to).scrollY;
    const top = hs[i].getBoundingClientRect().top + y;
    const end = hs[i + 1] ? hs[i + 1].getBoundingClientRect().top + y : doc(to).documentElement.scrollHeight;
    moveTo(to, top + p.fraction * (end - top));
  }

  for (const side of SIDES) {
    loaded[side].then(() => {
      let queued = false;
      win(side).addEventListener('scroll', () => {
        if (expected[side] !== undefined && Math.abs(win(side).scrollY - expected[side]) < 2) { expected[side] = undefined; return; }
        expected[side] = undefined;
        if (queued) return;
        queued = true;
        requestAnimationFrame(() => { queued = false; follow(side); });
      });
    });
  }

  // a place in the source ("clauses/06.md:12"): the last block at or before that line of that file
  function blockAt(side, key) {
    const cut = key.lastIndexOf(':');
    const file = key.slice(0, cut);
    const line = Number(key.slice(cut + 1));
    let best = null;
    let bestLine = -1;
    for (const el of doc(side).querySelectorAll('main [data-src]')) {
      const k = el.dataset.src;
      const c = k.lastIndexOf(':');
      const l = Number(k.slice(c + 1));
      if (k.slice(0, c) === file && l <= line && l > bestLine) { best = el; bestLine = l; }
    }
    return best;
  }

  function reveal(side, el) {
    if (!el) return;
    for (const old of doc(side).querySelectorAll('.revealed')) old.classList.remove('revealed');
    el.classList.add('revealed');
    moveTo(side, el.getBoundingClientRect().top + win(side).scrollY - 8);
  }

  document.getElementById('status').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-src], a[data-clause]');
    if (!a) return;
    e.preventDefault();
    for (const side of a.dataset.side ? [a.dataset.side] : SIDES) {
      const el = a.dataset.src ? blockAt(side, a.dataset.src) : doc(side).querySelector(`main [data-number="${CSS.escape(a.dataset.clause)}"]`);
      reveal(side, el);
    }
  });

  const events = new EventSource('/events');
  events.addEventListener('update', (e) => { update(JSON.parse(e.data)); });
  events.addEventListener('status', (e) => { document.getElementById('status').innerHTML = JSON.parse(e.data).html; });
})();
