// One card per proxy or agent target: addresses, protocol, live rates with sparklines, its mix
// and stack, and the switches that change them. The figures are redrawn at every status; the
// forms are left alone while someone is typing in them.

import { call } from './api.js';
import { Sparkline } from './charts.js';
import { el, optionFields, readOptions } from './forms.js';
import { say } from './message.js';

const cards = new Map();

export function bytesText(n) {
  const units = ['B', 'kB', 'MB', 'GB'];
  let i = 0;
  for (; n >= 1000 && i < units.length - 1; i++) n /= 1000;
  return (i === 0 ? Math.round(n) : n.toFixed(1)) + ' ' + units[i] + '/s';
}

const perSecond = n => (n < 10 ? n.toFixed(1) : Math.round(n)) + '/s';

/** Draws the proxies of a status; `declared` is every behavior's declaration. */
export function showProxies(status, declared) {
  const box = document.getElementById('proxies');
  const names = Object.keys(status.proxies);
  box.querySelector('.empty')?.remove();
  for (const [name, card] of cards) {
    if (!names.includes(name)) {
      card.root.remove();
      cards.delete(name);
    }
  }
  for (const name of names) {
    let card = cards.get(name);
    if (!card) {
      card = new Card(name, declared);
      cards.set(name, card);
      box.append(card.root);
    }
    card.update(status.proxies[name], status.time_ms);
  }
  if (!names.length && !box.querySelector('.empty')) box.append(el('p', { class: 'empty', text: 'No proxy yet.' }));
}

class Card {
  constructor(name, declared) {
    this.name = name;
    this.declared = declared;
    this.enabled = el('input', { type: 'checkbox', class: 'enabled', onchange: () => this.setEnabled() });
    this.root = el('article', { class: 'proxy', id: 'proxy-' + name, 'data-proxy': name },
      el('header', {},
        el('h3', { text: name }),
        this.address = el('span', { class: 'address' }),
        this.protocol = el('span', { class: 'protocol' }),
        el('label', { class: 'toggle', title: 'a disabled proxy refuses connections' }, this.enabled, ' enabled'),
        this.badge = el('span', { class: 'badge' })),
      this.numbers = el('div', { class: 'numbers' }),
      this.charts = el('div', { class: 'charts' }),
      el('div', { class: 'plan' },
        el('div', { class: 'mixline' }, el('b', { text: 'mix ' }), this.mix = el('code', { class: 'mix' }),
          el('button', { type: 'button', class: 'edit-mix', text: 'Change mix', onclick: () => this.editMix() })),
        this.mixOptions = el('div', { class: 'mix-options' }),
        el('div', { class: 'stackline' }, el('b', { text: 'stack ' }),
          this.stack = el('ul', { class: 'toxics' }),
          el('button', { type: 'button', class: 'add-toxic', text: 'Add behavior', onclick: () => this.editToxic(null) })),
        this.editor = el('div', { class: 'editor' })));
    this.sparks = {
      up: new Sparkline(this.charts, 'to the backend', ['bytes'], bytesText),
      down: new Sparkline(this.charts, 'to the client', ['bytes'], bytesText),
      exchanges: new Sparkline(this.charts, 'exchanges', ['exchanges'], perSecond),
      faults: new Sparkline(this.charts, 'faults', [], perSecond),
    };
    this.previous = null;
  }

  update(p, time) {
    this.p = p;
    this.address.textContent = p.listen + ' → ' + p.upstream;
    this.protocol.textContent = p.protocol;
    if (document.activeElement !== this.enabled) this.enabled.checked = p.enabled;
    this.badge.textContent = p.suspended ? 'faults stopped' : p.enabled ? '' : 'DISABLED: refuses connections';
    this.badge.className = 'badge' + (p.suspended ? ' stopped' : p.enabled ? '' : ' off');
    this.mix.textContent = p.behavior;
    this.mixOptions.textContent = Object.entries(p.options).filter(([b]) => b !== 'dummy')
      .map(([b, o]) => b + ': ' + Object.entries(o).map(([k, v]) => k + '=' + v).join(' ')).join('  ·  ');
    this.showStack(p.toxics);
    this.rates(p, time);
  }

  rates(p, time) {
    const before = this.previous;
    this.previous = { time, up: p.bytes_upstream, down: p.bytes_downstream, exchanges: p.exchanges, faults: p.faults };
    const seconds = before ? (time - before.time) / 1000 : 0;
    const rate = (now, then) => (seconds > 0 ? Math.max(0, now - then) / seconds : 0);
    const faults = {};
    let faultRate = 0;
    for (const [b, n] of Object.entries(p.faults)) {
      faults[b] = before ? rate(n, before.faults[b] ?? 0) : 0;
      faultRate += faults[b];
    }
    const t = time / 1000;
    this.sparks.up.push(t, { bytes: before ? rate(p.bytes_upstream, before.up) : 0 });
    this.sparks.down.push(t, { bytes: before ? rate(p.bytes_downstream, before.down) : 0 });
    const exchanges = before ? rate(p.exchanges, before.exchanges) : 0;
    this.sparks.exchanges.push(t, { exchanges });
    this.sparks.faults.push(t, faults);
    const total = Object.values(p.faults).reduce((a, b) => a + b, 0);
    this.numbers.replaceChildren(
      el('span', { class: 'connections', text: p.connections + ' open connections' }),
      el('span', { text: perSecond(exchanges) + ' exchanges' }),
      el('span', { class: 'fault-rate', text: perSecond(faultRate) + ' faults (' + total + ' in all)' }),
      el('span', { text: p.backend_failures + ' backend failures' }));
  }

  showStack(toxics) {
    const key = JSON.stringify(toxics);
    if (key === this.stackKey) return;
    this.stackKey = key;
    this.stack.replaceChildren(...toxics.map(t => el('li', { 'data-toxic': t.name },
      el('code', { text: t.name + ' (' + t.type + ', ' + t.stream + ', toxicity ' + t.toxicity + ') '
        + Object.entries(t.attributes).map(([k, v]) => k + '=' + v).join(' ') }),
      el('button', { type: 'button', class: 'edit', text: 'Edit', onclick: () => this.editToxic(t) }),
      el('button', { type: 'button', class: 'remove', text: 'Remove', onclick: () => this.removeToxic(t) }))));
  }

  /** Runs a change; its form, if any, closes when it is done (and only that form, if another was opened since). */
  async run(what, f, form) {
    try {
      await f();
      say(what);
      if (form && form.isConnected) form.remove();
    } catch (e) {
      say(what + ' refused: ' + e.message, true);
    }
  }

  setEnabled() {
    const on = this.enabled.checked;
    this.run(this.name + (on ? ' enabled' : ' disabled'),
      () => call('POST', '/proxies/' + encodeURIComponent(this.name), { enabled: on }, (on ? 'enable ' : 'disable ') + this.name));
  }

  /** The mix's form: the PERCENT:NAME list, then the options of each behavior it names. */
  editMix() {
    const mixInput = el('input', { name: 'mix', value: this.p.behavior, size: 40, placeholder: '10:error,5:delay or a name' });
    const sets = el('div', { class: 'behaviors' });
    const drawSets = () => {
      const kept = new Map([...sets.querySelectorAll('fieldset')].map(f => [f.dataset.behavior, readOptions(f)]));
      sets.replaceChildren();
      for (const b of mixNames(mixInput.value)) {
        const declaration = this.declared[b];
        if (!declaration) continue;
        sets.append(el('fieldset', { 'data-behavior': b }, el('legend', { text: b + ': ' + declaration.description }),
          optionFields(declaration, kept.get(b) ?? this.p.options[b] ?? {})));
      }
    };
    // redrawn as the mix is typed: redrawn on 'change', the form would jump under the pointer that clicks Apply
    mixInput.addEventListener('input', drawSets);
    const form = el('form', { class: 'mix-form' }, el('label', {}, 'mix ', mixInput), sets,
      el('button', { type: 'submit', class: 'apply', text: 'Apply' }),
      el('button', { type: 'button', class: 'cancel', text: 'Cancel', onclick: () => this.editor.replaceChildren() }));
    form.addEventListener('submit', event => {
      event.preventDefault();
      drawSets();
      const body = { name: mixInput.value };
      for (const f of sets.querySelectorAll('fieldset')) body[f.dataset.behavior] = readOptions(f);
      this.run(this.name + ': mix set to ' + mixInput.value,
        () => call('PUT', '/proxies/' + encodeURIComponent(this.name) + '/behavior', body, this.name + ': mix ' + mixInput.value),
        form);
    });
    drawSets();
    this.editor.replaceChildren(form);
    mixInput.focus();
  }

  /** The form of a behavior of the stack: a new one (`toxic` null) or one to change. */
  editToxic(toxic) {
    // what this proxy's protocol can take in its stack: no behavior made for another protocol, none made for one exchange
    const types = Object.keys(this.declared).filter(t => {
      const d = this.declared[t];
      return !d.one_exchange && (!d.protocols || d.protocols.includes(this.p.protocol));
    });
    const type = el('select', { name: 'type', disabled: !!toxic },
      ...types.map(t => el('option', { value: t, text: t, selected: toxic ? t === toxic.type : t === 'latency' })));
    const name = el('input', { name: 'name', value: toxic ? toxic.name : '', placeholder: 'TYPE_STREAM', disabled: !!toxic });
    const stream = el('select', { name: 'stream' },
      ...['downstream', 'upstream', 'both'].map(s => el('option', { value: s, text: s, selected: (toxic ? toxic.stream : 'downstream') === s })));
    const toxicity = el('input', { name: 'toxicity', type: 'number', min: 0, max: 1, step: 'any', value: toxic ? toxic.toxicity : 1 });
    const fields = el('div');
    const drawFields = () => fields.replaceChildren(
      optionFields(this.declared[type.value], toxic ? toxic.attributes : {}, ['direction', 'toxicity']));
    type.addEventListener('change', drawFields);
    drawFields();
    const form = el('form', { class: 'toxic-form' },
      el('label', {}, 'behavior ', type), el('label', {}, ' name ', name), el('label', {}, ' stream ', stream),
      el('label', {}, ' toxicity ', toxicity), fields,
      el('button', { type: 'submit', class: 'apply', text: toxic ? 'Change' : 'Add' }),
      el('button', { type: 'button', class: 'cancel', text: 'Cancel', onclick: () => this.editor.replaceChildren() }));
    form.addEventListener('submit', event => {
      event.preventDefault();
      const body = { stream: stream.value, toxicity: Number(toxicity.value), attributes: readOptions(fields) };
      const base = '/proxies/' + encodeURIComponent(this.name) + '/toxics';
      if (toxic) {
        this.run(this.name + ': ' + toxic.name + ' changed',
          () => call('POST', base + '/' + encodeURIComponent(toxic.name), body, this.name + ': change ' + toxic.name), form);
      } else {
        body.type = type.value;
        if (name.value) body.name = name.value;
        this.run(this.name + ': ' + type.value + ' added',
          () => call('POST', base, body, this.name + ': add ' + (name.value || type.value)), form);
      }
    });
    this.editor.replaceChildren(form);
  }

  removeToxic(t) {
    this.run(this.name + ': ' + t.name + ' removed', () => call('DELETE', '/proxies/' + encodeURIComponent(this.name)
      + '/toxics/' + encodeURIComponent(t.name), undefined, this.name + ': remove ' + t.name));
  }
}

/** The behaviors a mix names: "20:delay, 10:error" or a lone name. */
function mixNames(mix) {
  return mix.split(',').map(part => part.includes(':') ? part.split(':')[1] : part).map(s => s.trim()).filter(Boolean);
}
