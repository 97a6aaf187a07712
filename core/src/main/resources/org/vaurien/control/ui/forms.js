// Forms built from the behaviors' declarations (GET /behaviors: each option's type, range,
// default and meaning), the same declarations the command line's flags come from.

/** An element with attributes and children, the page's one way to build HTML. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter(c => c !== null && c !== undefined));
  return e;
}

/** One labelled field per option of `declaration` but those in `skip`, filled with `values`. */
export function optionFields(declaration, values = {}, skip = []) {
  const box = el('div', { class: 'fields' });
  for (const o of declaration.options) {
    if (skip.includes(o.name)) continue;
    const value = values[o.name] === undefined ? '' : String(values[o.name]);
    box.append(el('label', { title: o.description },
      el('span', { class: 'name', text: o.name }),
      input(o, value),
      el('small', { text: o.description + ' (' + o.type + rangeText(o) + ', default ' + o.default + ')' })));
  }
  return box;
}

function rangeText(o) {
  if (o.min === undefined || o.max === undefined) return '';
  const max = o.max >= 1e15 ? '…' : o.max;
  return ' ' + o.min + '–' + max;
}

function input(o, value) {
  const name = 'opt:' + o.name;
  if (o.type === 'bool' || o.type.includes('|')) {
    const choices = o.type === 'bool' ? ['true', 'false'] : o.type.split('|');
    const select = el('select', { name });
    for (const c of choices) select.append(el('option', { value: c, text: c, selected: (value || o.default) === c }));
    return select;
  }
  if (o.type === 'int' || o.type === 'decimal') {
    return el('input', { name, type: 'number', value, placeholder: o.default, step: o.type === 'int' ? 1 : 'any',
      min: o.min, max: o.max !== undefined && o.max < 1e15 ? o.max : undefined });
  }
  return el('input', { name, type: 'text', value, placeholder: o.default });
}

/** The options a form's fields hold, as text, leaving out those left empty (their default applies). */
export function readOptions(form) {
  const options = {};
  for (const field of form.querySelectorAll('[name^="opt:"]')) {
    if (field.value !== '') options[field.name.slice(4)] = field.value;
  }
  return options;
}
