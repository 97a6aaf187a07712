// Sparklines drawn by uPlot (loaded from its WebJar as the global `uPlot`): the last minutes
// of a rate, one point per status the server sends.

const KEPT = 600; // five minutes at two points a second
const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#e64980', '#5c940d'];

export class Sparkline {
  /** `names`: one series each; `unit` formats the legend's last value. */
  constructor(parent, title, names, format) {
    this.box = document.createElement('figure');
    this.box.className = 'spark';
    this.caption = document.createElement('figcaption');
    this.box.append(this.caption);
    parent.append(this.box);
    this.title = title;
    this.format = format;
    this.times = [];
    this.values = new Map();
    this.build(names);
  }

  build(names) {
    if (this.plot) this.plot.destroy();
    this.names = names;
    for (const n of names) if (!this.values.has(n)) this.values.set(n, this.times.map(() => null));
    const series = [{}].concat(names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length], width: 1.5,
      fill: names.length === 1 ? COLORS[0] + '22' : undefined, points: { show: false } })));
    this.plot = new uPlot({
      width: 220, height: 48, pxAlign: false, cursor: { show: false }, legend: { show: false }, select: { show: false },
      scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(max, 1)] } },
      axes: [{ show: false }, { show: false }],
      series,
    }, this.data(), this.box);
  }

  data() {
    return [this.times].concat(this.names.map(n => this.values.get(n)));
  }

  /** Adds one point: a value per series name; a series not seen before is added. */
  push(time, byName) {
    const names = Object.keys(byName);
    if (names.some(n => !this.names.includes(n))) this.build(this.names.concat(names.filter(n => !this.names.includes(n))));
    this.times.push(time);
    for (const n of this.names) this.values.get(n).push(byName[n] ?? 0);
    if (this.times.length > KEPT) {
      this.times.shift();
      for (const v of this.values.values()) v.shift();
    }
    this.plot.setData(this.data());
    const last = this.names.map(n => (this.names.length > 1 ? n + ' ' : '') + this.format(byName[n] ?? 0));
    this.caption.textContent = this.title + ': ' + (last.join(', ') || '0');
  }
}
