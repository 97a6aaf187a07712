// The experiments the server runs (vaurien --http with POST /experiments): each run's
// timeline with its current step, and its probes' readings so far.

import { el } from './forms.js';

const seconds = ms => (ms / 1000).toFixed(1) + ' s';

export function showExperiments(runs) {
  const section = document.getElementById('experiments');
  section.hidden = !runs || !runs.length;
  if (section.hidden) return;
  section.querySelector('.runs').replaceChildren(...runs.map(run));
}

function run(r) {
  const going = !r.outcome;
  const at = r.elapsed_ms;
  const steps = r.steps.map((s, i) => {
    const current = s.started_ms >= 0 && s.ended_ms < 0 && going;
    const state = s.error ? 'failed' : s.ended_ms >= 0 ? 'done' : current ? 'now' : 'to come';
    return el('li', { class: 'step ' + state.replace(' ', '-'), 'data-step': i },
      el('span', { class: 'when', text: s.started_ms >= 0 ? seconds(s.started_ms) : s.trigger }),
      el('span', { text: ' ' + s.proxy + ': ' + s.change + (s.for_ms > 0 ? ' for ' + seconds(s.for_ms) : '') }),
      el('span', { class: 'state', text: ' ' + state + (s.error ? ': ' + s.error : '') }));
  });
  const probes = Object.entries(r.probes).map(([name, p]) => el('tr', {},
    el('td', { text: name }), el('td', { text: p.kind + ' ' + p.target }), el('td', { text: p.readings }),
    el('td', { class: p.errors ? 'bad' : '', text: p.errors }),
    el('td', { text: p.last_error ? p.last_error : p.last_latency_ms !== undefined ? p.last_latency_ms + ' ms' : '' }),
    el('td', { text: p.tolerance })));
  const progress = el('progress', { max: r.max_duration_ms, value: Math.min(at, r.max_duration_ms) });
  return el('div', { class: 'run', 'data-run': r.id },
    el('h3', { text: r.experiment + ' — ' + (r.outcome ? r.outcome.toUpperCase() : r.phase) }),
    el('p', { class: 'hypothesis', text: r.hypothesis || '' }),
    el('p', {}, progress, ' ' + seconds(at) + (r.reason ? ' · ' + r.reason : '')
      + ' · ' + r.faults_injected + ' faults · ' + r.deviations + ' deviations'),
    el('ol', { class: 'timeline' }, ...steps),
    el('table', { class: 'probes' },
      el('thead', {}, el('tr', {}, ...['probe', 'what', 'readings', 'errors', 'last', 'tolerance'].map(h => el('th', { text: h })))),
      el('tbody', {}, ...probes)));
}
