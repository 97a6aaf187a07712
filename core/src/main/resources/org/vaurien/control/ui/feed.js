// The faults as they are injected (GET /faults), newest first: filterable, and pausable
// without losing what arrives meanwhile.

import { el } from './forms.js';

const KEPT = 200;
// Rows are drawn in batches, once a second, and no more than a reader can follow: under
// load, a row for each of hundreds of faults a second would take a browser's core (and, on the
// proxy's machine, the proxy's). The faults not drawn are counted; pausing or filtering shows them.
const DRAW_MS = 1000;
const DRAWN_PER_BATCH = 20;
const clockFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const rows = [];
let paused = false;
let held = [];
let pending = [];
let drawing = false;
let skipped = 0;

function effectText(f) {
  const p = Object.entries(f.parameters || {}).map(([k, v]) => k + '=' + (typeof v === 'string' && v.length > 40 ? v.slice(0, 40) + '…' : v));
  return f.effect + (f.phase ? ' at ' + f.phase : '') + (p.length ? ' (' + p.join(', ') + ')' : '');
}

function searchText(f) {
  return [f.proxy, f.behavior, f.effect, f.direction, f.client].join(' ').toLowerCase();
}

function row(f) {
  const time = new Date(f.time);
  const clock = clockFormat.format(time) + '.' + String(time.getMilliseconds()).padStart(3, '0');
  const tr = el('tr', { 'data-proxy': f.proxy, 'data-behavior': f.behavior },
    el('td', { text: clock }), el('td', { text: f.proxy }), el('td', { text: f.connection }),
    el('td', { text: f.exchange }), el('td', { text: f.direction }), el('td', { class: 'behavior', text: f.behavior }),
    el('td', { text: effectText(f) }));
  tr.dataset.text = searchText(f);
  return tr;
}

function matches(text) {
  const filter = document.getElementById('feed-filter').value.trim().toLowerCase();
  return !filter || filter.split(/\s+/).every(word => text.includes(word));
}

function count() {
  document.getElementById('feed-count').textContent = rows.length + ' shown'
    + (skipped ? ', ' + skipped + ' more went by too fast to draw (pause or filter)' : '')
    + (paused ? ', ' + held.length + ' waiting' : '');
}

export function addFault(f) {
  if (paused) {
    held.push(f);
    if (held.length > KEPT) held.shift();
    count();
    return;
  }
  if (!matches(searchText(f))) return;
  pending.push(f);
  if (!drawing) {
    drawing = true;
    setTimeout(draw, DRAW_MS);
  }
}

function draw() {
  drawing = false;
  const newest = pending.slice(-DRAWN_PER_BATCH);
  skipped += pending.length - newest.length;
  pending = [];
  const fresh = newest.reverse().map(row);
  document.querySelector('#feed tbody').prepend(...fresh);
  rows.unshift(...fresh);
  while (rows.length > KEPT) rows.pop().remove();
  count();
}

export function setUpFeed() {
  document.getElementById('feed-filter').addEventListener('input', () => rows.forEach(tr => { tr.hidden = !matches(tr.dataset.text); }));
  const button = document.getElementById('feed-pause');
  button.addEventListener('click', () => {
    paused = !paused;
    button.textContent = paused ? 'Resume' : 'Pause';
    button.classList.toggle('on', paused);
    if (!paused) {
      const waiting = held;
      held = [];
      waiting.forEach(addFault);
    }
    count();
  });
}
