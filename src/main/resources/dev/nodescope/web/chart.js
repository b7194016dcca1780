// Charts with uPlot (served from its WebJar), the same way on every page: lines over time by
// default; stacked (each series drawn on the ones before it, filled) for parts of a whole; points
// over another x (such as block height) for things that happen apart.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const MAX_POINTS = 600;
/** Tick steps of an x that counts things (heights): whole numbers only. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

/** An x range with room on both sides, so points at its ends are not cut in half. */
function padded(u, min, max) {
  if (min === null || max === null) return [0, 1];
  const pad = Math.max(1, (max - min) * 0.03);
  return [min - pad, max + pad];
}

/** Colours for series named by data (message types, connection types). */
const PALETTE = ['#2a7ab0', '#e67e22', '#27ae60', '#8e44ad', '#c0392b', '#16a085', '#d4ac0d', '#7f8c8d',
  '#2c3e50', '#e84393', '#00a8c6', '#a0522d', '#6c5ce7', '#95a85b', '#b33771', '#3b6978', '#f8a5c2', '#1e8449',
  '#ff7f50', '#5d6d7e'];

function preferred(name) {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return h % PALETTE.length;
}

/**
 * A colour per name for one chart: each name its own (from its hash, so a type keeps its colour
 * from chart to chart and update to update), and where two names of the chart would share one,
 * the later (names come most important first) takes the next free colour.
 */
export function colours(names) {
  const taken = new Set();
  return names.map(name => {
    let i = preferred(name);
    for (let tries = 0; taken.has(i) && tries < PALETTE.length; tries++) i = (i + 1) % PALETTE.length;
    taken.add(i);
    return PALETTE[i];
  });
}

/** From zero: rates and counts are never negative, and a stack read against anything else misleads. */
function fromZero(u, min, max) {
  return [0, max > 0 ? max * 1.05 : 1];
}

export class TimeChart {
  /**
   * series: [{label, stroke, fill?}]
   * options: {height, yLabel?, stacked?, points? (dots only), x? ({label} for an x of whole numbers, such as heights, instead of epoch seconds)}
   */
  constructor(container, series, options = {}) {
    this.container = container;
    this.options = options;
    this.series = series;
    this.data = [[], ...series.map(() => [])];
    this.plot = this.build();
    this.resize = () => this.plot.setSize({ width: Math.max(300, container.clientWidth), height: options.height || 220 });
    window.addEventListener('resize', this.resize);
  }

  build() {
    const o = this.options;
    // stacked: the whole (the last sum) is drawn first and each smaller sum over it, so every band shows
    const drawn = o.stacked ? [...this.series].reverse() : this.series;
    return new uPlot({
      width: Math.max(300, this.container.clientWidth || 800),
      height: o.height || 220,
      series: [{ label: o.x ? o.x.label : 'time' }, ...drawn.map(s => this.seriesOptions(s))],
      axes: [o.x ? { label: o.x.label, incrs: WHOLE_STEPS, values: (u, xs) => xs.map(String) } : {}, { label: o.yLabel || '', size: 70 }],
      scales: { x: o.x ? { time: false, range: padded } : { time: true }, y: o.stacked ? { range: fromZero } : {} },
      legend: { live: false },
    }, this.plotted(), this.container);
  }

  seriesOptions(s) {
    if (this.options.points) {
      return { label: s.label, stroke: s.stroke, paths: () => null, points: { show: true, size: 6, stroke: s.stroke, fill: s.fill || s.stroke } };
    }
    return { label: s.label, stroke: s.stroke, fill: s.fill || (this.options.stacked ? s.stroke : undefined), width: 1.5,
      points: { show: false } };
  }

  /** The data as uPlot draws it: as given, or summed and reversed when stacked. */
  plotted() {
    // what the chart holds, summed over every series and x, on the container: tests read it to check a
    // chart against the events, whatever the pixels
    let total = 0;
    for (let i = 1; i < this.data.length; i++) for (const v of this.data[i]) total += v || 0;
    this.container.dataset.total = String(total);
    if (!this.options.stacked) return this.data;
    const sums = [];
    let below = this.data[0].map(() => 0);
    for (let i = 1; i < this.data.length; i++) {
      below = below.map((b, j) => b + (this.data[i][j] || 0));
      sums.push(below);
    }
    return [this.data[0], ...sums.reverse()];
  }

  /** Adds one point per series at time t (epoch seconds); the chart keeps the last MAX_POINTS. */
  add(t, values) {
    this.data[0].push(t);
    values.forEach((v, i) => this.data[i + 1].push(v));
    if (this.data[0].length > MAX_POINTS) this.data.forEach(d => d.shift());
    this.plot.setData(this.plotted());
  }

  /** Replaces every point: [xs, series1, series2, ...]. */
  set(data) {
    this.data = data;
    this.plot.setData(this.plotted());
  }

  /** Replaces the series and every point (the chart is redrawn from scratch only when the series changed). */
  setSeries(series, data) {
    const same = series.length === this.series.length && series.every((s, i) => s.label === this.series[i].label && s.stroke === this.series[i].stroke);
    if (same) {
      this.set(data);
      return;
    }
    this.series = series;
    this.data = data;
    this.plot.destroy();
    this.plot = this.build();
  }

  destroy() {
    window.removeEventListener('resize', this.resize);
    this.plot.destroy();
  }
}
