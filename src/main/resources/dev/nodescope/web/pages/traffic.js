// Traffic: P2P bytes and messages per second by message type, each way, stacked; bytes by
// connection type; totals since the start per type and per connection type (click a header to
// sort); and how transactions are announced, asked for and delivered. The server sends the whole
// 15-minute window once, then only the seconds that changed (merged in a SecondWindow).
import { el, replace } from '../dom.js';
import { bytes, count } from '../format.js';
import { TimeChart, colours } from '../chart.js';
import { SecondWindow } from '../buckets.js';
import { SortableTable } from '../table.js';

/** Types drawn apart in a stacked chart (the biggest in the window); the others are summed as one band. */
const TOP_TYPES = 8;
/** Columns of one name in the view's buckets. */
const MSGS_IN = 0, BYTES_IN = 1, MSGS_OUT = 2, BYTES_OUT = 3, COLUMNS = 4;
const REST = 'the rest';

const TOTAL_COLUMNS = [
  { key: 'name', title: 'type', show: t => t.name },
  { key: 'msgsIn', title: 'msgs in', show: t => count(t.msgsIn), num: true },
  { key: 'bytesIn', title: 'bytes in', show: t => count(t.bytesIn), num: true },
  { key: 'msgsOut', title: 'msgs out', show: t => count(t.msgsOut), num: true },
  { key: 'bytesOut', title: 'bytes out', show: t => count(t.bytesOut), num: true },
  { key: 'bytes', title: 'bytes both ways', show: t => bytes(t.bytes), num: true },
];

export function mount(root, ctx) {
  const summary = el('span', { id: 'traffic-summary', class: 'summary' });
  const boxes = {
    bytesIn: el('div', { id: 'traffic-bytes-in', class: 'chart' }),
    bytesOut: el('div', { id: 'traffic-bytes-out', class: 'chart' }),
    msgsIn: el('div', { id: 'traffic-msgs-in', class: 'chart' }),
    msgsOut: el('div', { id: 'traffic-msgs-out', class: 'chart' }),
    conn: el('div', { id: 'traffic-conn', class: 'chart' }),
  };
  const relay = el('table', { id: 'traffic-relay', class: 'grid traffic-relay' });
  const totalsTable = el('table', { id: 'traffic-totals', class: 'grid' });
  const connTable = el('table', { id: 'traffic-conn-totals', class: 'grid' });
  const panel = (title, box) => el('section', { class: 'traffic-panel' }, el('h2', {}, title), box);
  root.append(el('div', { class: 'toolbar' }, el('h1', {}, 'Traffic'), summary),
    el('div', { class: 'traffic-charts' },
      panel('Received: bytes per second by message type', boxes.bytesIn),
      panel('Sent: bytes per second by message type', boxes.bytesOut),
      panel('Received: messages per second by message type', boxes.msgsIn),
      panel('Sent: messages per second by message type', boxes.msgsOut),
      panel('Bytes per second by connection type (both ways)', boxes.conn)),
    el('h2', {}, 'Transaction relay since the start'), relay,
    el('h2', {}, 'Totals per message type since the start (payload bytes)'), totalsTable,
    el('h2', {}, 'Totals per connection type since the start'), connTable);

  const charts = {
    bytesIn: new TimeChart(boxes.bytesIn, [], { stacked: true, yLabel: 'bytes/s' }),
    bytesOut: new TimeChart(boxes.bytesOut, [], { stacked: true, yLabel: 'bytes/s' }),
    msgsIn: new TimeChart(boxes.msgsIn, [], { stacked: true, yLabel: 'msgs/s' }),
    msgsOut: new TimeChart(boxes.msgsOut, [], { stacked: true, yLabel: 'msgs/s' }),
    conn: new TimeChart(boxes.conn, [], { stacked: true, yLabel: 'bytes/s' }),
  };
  const totals = new SortableTable(totalsTable, TOTAL_COLUMNS, {
    sort: { key: 'bytes', descending: true }, rowAttrs: t => ({ 'data-type': t.name }),
  });
  const connTotals = new SortableTable(connTable, [{ ...TOTAL_COLUMNS[0], title: 'connection type' }, ...TOTAL_COLUMNS.slice(1)], {
    sort: { key: 'bytes', descending: true }, rowAttrs: t => ({ 'data-conn-type': t.name }),
  });
  const byType = new SecondWindow();
  const byConnType = new SecondWindow();
  let node = null;

  const unsubscribe = ctx.connection.subscribe('traffic', ctx.node ? { node: ctx.node } : {}, t => {
    node = t.node;
    byType.merge(t.whole, t.from, t.to, t.byType);
    byConnType.merge(t.whole, t.from, t.to, t.byConnType);
    const xs = byType.seconds();
    stack(charts.bytesIn, byType, xs, t.types, [BYTES_IN]);
    stack(charts.bytesOut, byType, xs, t.types, [BYTES_OUT]);
    stack(charts.msgsIn, byType, xs, t.types, [MSGS_IN]);
    stack(charts.msgsOut, byType, xs, t.types, [MSGS_OUT]);
    stack(charts.conn, byConnType, byConnType.seconds(), t.connTypes, [BYTES_IN, BYTES_OUT]);
    const withBoth = r => ({ ...r, bytes: r.bytesIn + r.bytesOut });
    totals.show(t.typeTotals.map(withBoth));
    connTotals.show(t.connTypeTotals.map(withBoth));
    showRelay(relay, t.relay);
    const messages = t.typeTotals.reduce((s, r) => s + r.msgsIn + r.msgsOut, 0);
    summary.textContent = node + ' · ' + count(messages) + ' messages since the start · charts: the last '
      + Math.round((t.to - t.from + 1) / 60) + ' minutes of event time';
  });
  return { unmount: () => { unsubscribe(); Object.values(charts).forEach(c => c.destroy()); } };
}

/** Draws names' columns (summed) stacked: the TOP_TYPES biggest in the window apart, the others as one band. */
function stack(chart, window, xs, names, columns) {
  const value = i => b => columns.reduce((s, c) => s + SecondWindow.column(b, i * COLUMNS + c), 0);
  const ranked = names.map((name, i) => ({ name, i, sum: window.sum(value(i)) }))
    .filter(n => n.sum > 0).sort((a, b) => b.sum - a.sum || (a.name < b.name ? -1 : 1));
  const shown = ranked.slice(0, TOP_TYPES);
  const rest = ranked.slice(TOP_TYPES);
  const strokes = colours(shown.map(n => n.name));
  const series = shown.map((n, i) => ({ label: n.name, stroke: strokes[i] }));
  const data = [xs, ...shown.map(n => window.series(xs, value(n.i)))];
  if (rest.length > 0) {
    series.push({ label: REST + ' (' + rest.length + ')', stroke: '#b0b8c0' });
    data.push(window.series(xs, b => rest.reduce((s, n) => s + value(n.i)(b), 0)));
  }
  chart.setSeries(series, data);
}

function showRelay(table, relay) {
  const entries = c => count(c.count) + ' ' + c.unit + (c.uncounted > 0 ? ' (' + count(c.uncounted) + ' messages counted as one)' : '');
  const ratio = r => r === null ? '' : r.toFixed(3);
  const row = (direction, f, who) => el('tr', { 'data-direction': direction },
    el('td', { 'data-key': 'who' }, who),
    el('td', { 'data-key': 'inv', class: 'num' }, entries(f.inv)),
    el('td', { 'data-key': 'getdata', class: 'num' }, entries(f.getdata)),
    el('td', { 'data-key': 'tx', class: 'num' }, entries(f.tx)),
    el('td', { 'data-key': 'requestedPerAnnounced', class: 'num' }, ratio(f.requestedPerAnnounced)),
    el('td', { 'data-key': 'deliveredPerRequested', class: 'num' }, ratio(f.deliveredPerRequested)));
  replace(table,
    el('thead', {}, el('tr', {}, ['', 'announced (inv)', 'asked for (getdata)', 'delivered (tx)', 'asked per announced', 'delivered per asked']
      .map(t => el('th', { class: t === '' ? '' : 'num' }, t)))),
    el('tbody', {},
      row('received', relay.received, 'to this node (inv in, getdata out, tx in)'),
      row('sent', relay.sent, 'by this node (inv out, getdata in, tx out)')));
}
