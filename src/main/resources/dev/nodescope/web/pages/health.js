// Health: what nodescope itself sees and loses. Events per second over time, losses by stage, the
// kernel ring's fill, the browsers connected and the updates they missed.
import { el, replace } from '../dom.js';
import { count, rate, age } from '../format.js';
import { TimeChart } from '../chart.js';

export function mount(root, ctx) {
  const figures = el('table', { id: 'health-figures', class: 'figures' });
  const nodes = el('table', { id: 'health-nodes', class: 'grid' });
  const chartBox = el('div', { id: 'health-chart', class: 'chart' });
  root.append(el('h1', {}, 'Health'), figures, el('h2', {}, 'Events per second'), chartBox, el('h2', {}, 'Nodes'), nodes);
  const chart = new TimeChart(chartBox, [{ label: 'events/s', stroke: '#2a7ab0' }, { label: 'lost/s', stroke: '#c0392b' }]);
  let previousLost = null;

  const unsubscribe = ctx.connection.subscribe('health', {}, h => {
    const lostRate = previousLost === null ? 0 : Math.max(0, h.eventsLost - previousLost);
    previousLost = h.eventsLost;
    chart.add(Date.now() / 1000, [h.eventsPerSecond, lostRate]);
    const row = (k, v, id) => el('tr', {}, el('th', {}, k), el('td', { 'data-figure': id }, v));
    replace(figures,
      row('events', count(h.events), 'events'),
      row('events per second', rate(h.eventsPerSecond), 'rate'),
      row('events lost', count(h.eventsLost), 'lost'),
      row('losses by stage', Object.entries(h.lost).map(([k, v]) => k + ' ' + count(v)).join(', ') || 'none', 'stages'),
      row('ring fill (peak)', h.ringFill === null ? 'n/a (not live)' : (100 * h.ringFill).toFixed(1) + '% (' + (100 * h.ringPeakFill).toFixed(1) + '%)', 'ring'),
      row('browsers', String(h.browsers), 'browsers'),
      row('updates dropped', count(h.updatesDropped), 'dropped'));
    replace(nodes, el('thead', {}, el('tr', {}, ['node', 'pid', 'state', 'P2P, block, mempool events', 'losses', 'last event'].map(t => el('th', {}, t)))),
      el('tbody', {}, h.nodes.map(n => el('tr', { 'data-node': n.node },
        el('td', { 'data-key': 'node' }, n.node), el('td', { 'data-key': 'pid' }, String(n.pid)),
        el('td', { 'data-key': 'state' }, n.detached ? 'detached: ' + n.detached : 'attached'),
        el('td', { 'data-key': 'events', class: 'num' }, count(n.events)),
        el('td', { 'data-key': 'losses' }, Object.entries(n.losses).map(([k, v]) => k + ' ' + count(v)).join(', ') || 'none'),
        el('td', { 'data-key': 'lastEvent' }, n.quietSeconds === null ? '' : age(n.quietSeconds) + ' ago')))));
  });
  return { unmount: () => { unsubscribe(); chart.destroy(); } };
}
