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

  async function swap(side, version) {
    const res = await fetch(`/pub/${side}?v=${version}`);
    if (!res.ok) return;
    const next = new DOMParser().parseFromString(await res.text(), 'text/html');
    await loaded[side];
    const d = doc(side);
    const y = win(side).scrollY;
    const style = next.querySelector('style');
    const own = d.querySelector('style');
    if (style && own && own.textContent !== style.textContent) own.textContent = style.textContent;
    d.querySelector('main').replaceWith(d.importNode(next.querySelector('main'), true));
    moveTo(side, y);
  }

  async function update(version) {
    if (version <= shown) return;
    shown = version;
    await Promise.all(SIDES.map((s) => swap(s, version)));
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
  events.addEventListener('update', (e) => { update(JSON.parse(e.data).version); });
  events.addEventListener('status', (e) => { document.getElementById('status').innerHTML = JSON.parse(e.data).html; });
})();
