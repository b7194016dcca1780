// Time-series charts with uPlot (served from its WebJar): a bounded window of points, redrawn as
// updates arrive. Pages give series; the chart keeps the last MAX_POINTS of each.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const MAX_POINTS = 600;

export class TimeChart {
  /** series: [{label, stroke, fill?}]; options: {height, stacked?, yLabel?} */
  constructor(container, series, options = {}) {
    this.container = container;
    this.data = [[], ...series.map(() => [])];
    this.plot = new uPlot({
      width: Math.max(300, container.clientWidth || 800),
      height: options.height || 220,
      series: [{}, ...series.map(s => ({ label: s.label, stroke: s.stroke, fill: s.fill, width: 1.5 }))],
      axes: [{}, { label: options.yLabel || '', size: 70 }],
      scales: { x: { time: true } },
      legend: { live: false },
    }, this.data, container);
    this.resize = () => this.plot.setSize({ width: Math.max(300, container.clientWidth), height: options.height || 220 });
    window.addEventListener('resize', this.resize);
  }

  /** Adds one point per series at time t (epoch seconds). */
  add(t, values) {
    this.data[0].push(t);
    values.forEach((v, i) => this.data[i + 1].push(v));
    if (this.data[0].length > MAX_POINTS) this.data.forEach(d => d.shift());
    this.plot.setData(this.data);
  }

  /** Replaces every point: [times, series1, series2, ...]. */
  set(data) {
    this.data = data;
    this.plot.setData(data);
  }

  destroy() {
    window.removeEventListener('resize', this.resize);
    this.plot.destroy();
  }
}
