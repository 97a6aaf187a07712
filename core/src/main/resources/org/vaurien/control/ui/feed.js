// The faults as they are injected (GET /faults), newest first: filterable, and pausable
// without losing what arrives meanwhile.

import { el } from './forms.js';

const KEPT = 300;
const rows = [];
let paused = false;
let held = [];

function effectText(f) {
  const p = Object.entries(f.parameters || {}).map(([k, v]) => k + '=' + (typeof v === 'string' && v.length > 40 ? v.slice(0, 40) + '…' : v));
  return f.effect + (f.phase ? ' at ' + f.phase : '') + (p.length ? ' (' + p.join(', ') + ')' : '');
}

function row(f) {
  const time = new Date(f.time);
  const clock = time.toLocaleTimeString([], { hour12: false }) + '.' + String(time.getMilliseconds()).padStart(3, '0');
  const tr = el('tr', { 'data-proxy': f.proxy, 'data-behavior': f.behavior },
    el('td', { text: clock }), el('td', { text: f.proxy }), el('td', { text: f.connection }),
    el('td', { text: f.exchange }), el('td', { text: f.direction }), el('td', { class: 'behavior', text: f.behavior }),
    el('td', { text: effectText(f) }));
  tr.dataset.text = [f.proxy, f.behavior, f.effect, f.direction, f.client].join(' ').toLowerCase();
  return tr;
}

function visible(tr) {
  const filter = document.getElementById('feed-filter').value.trim().toLowerCase();
  return !filter || filter.split(/\s+/).every(word => tr.dataset.text.includes(word));
}

function count() {
  document.getElementById('feed-count').textContent = rows.length + ' shown'
    + (paused ? ', ' + held.length + ' waiting' : '');
}

export function addFault(f) {
  if (paused) {
    held.push(f);
    if (held.length > KEPT) held.shift();
    count();
    return;
  }
  const tr = row(f);
  tr.hidden = !visible(tr);
  document.querySelector('#feed tbody').prepend(tr);
  rows.unshift(tr);
  if (rows.length > KEPT) rows.pop().remove();
  count();
}

export function setUpFeed() {
  document.getElementById('feed-filter').addEventListener('input', () => rows.forEach(tr => { tr.hidden = !visible(tr); }));
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
