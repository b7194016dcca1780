// Blocks & mempool: how long ConnectBlock took for each block (points over height), the mempool's
// additions, removals, replacements and rejections per second (stacked), why transactions left or
// were turned away, and the last blocks. The server sends everything once, then only new blocks
// and the seconds that changed.
import { el, replace } from '../dom.js';
import { clock, count, millis } from '../format.js';
import { TimeChart } from '../chart.js';
import { SecondWindow } from '../buckets.js';
import { SortableTable } from '../table.js';

/** As the server keeps them (NodeChain.MAX_BLOCKS). */
const MAX_BLOCKS = 2000;
/** Blocks listed in the table, newest first (the chart shows them all). */
const LISTED_BLOCKS = 50;
const MEMPOOL_COLOURS = { added: '#27ae60', removed: '#2a7ab0', replaced: '#e67e22', rejected: '#c0392b' };

const REASON_COLUMNS = [
  { key: 'reason', title: 'reason', show: r => r.reason },
  { key: 'count', title: 'transactions', show: r => count(r.count), num: true },
];
const BLOCK_COLUMNS = [
  { key: 'height', title: 'height', show: b => String(b.height), num: true },
  { key: 'epochMillis', title: 'connected at', show: b => clock(b.epochMillis * 1e6), num: true },
  { key: 'connectMs', title: 'ConnectBlock', show: b => millis(b.connectMs), num: true },
  { key: 'transactions', title: 'transactions', show: b => count(b.transactions), num: true },
  { key: 'inputs', title: 'inputs', show: b => count(b.inputs), num: true },
  { key: 'sigops', title: 'sigops', show: b => count(b.sigops), num: true },
  { key: 'hash', title: 'hash', show: b => b.hash },
];

export function mount(root, ctx) {
  const summary = el('span', { id: 'chain-summary', class: 'summary' });
  const figures = el('table', { id: 'chain-figures', class: 'figures' });
  const connectBox = el('div', { id: 'chain-connect', class: 'chart' });
  const mempoolBox = el('div', { id: 'chain-mempool', class: 'chart' });
  const removalTable = el('table', { id: 'chain-removal-reasons', class: 'grid' });
  const rejectionTable = el('table', { id: 'chain-rejection-reasons', class: 'grid' });
  const blocksTable = el('table', { id: 'chain-blocks', class: 'grid' });
  root.append(el('div', { class: 'toolbar' }, el('h1', {}, 'Blocks & mempool'), summary), figures,
    el('div', { class: 'chain-charts' },
      el('section', {}, el('h2', {}, 'ConnectBlock time by height'), connectBox),
      el('section', {}, el('h2', {}, 'Mempool transactions per second'), mempoolBox)),
    el('div', { class: 'chain-reasons' },
      el('section', {}, el('h2', {}, 'Removed, by reason'), removalTable),
      el('section', {}, el('h2', {}, 'Rejected, by reason'), rejectionTable)),
    el('h2', {}, 'Last blocks'), blocksTable);

  const connectChart = new TimeChart(connectBox, [{ label: 'ConnectBlock ms', stroke: '#2a7ab0' }],
    { points: true, x: { label: 'height' }, yLabel: 'ms' });
  const mempoolChart = new TimeChart(mempoolBox, [], { stacked: true, yLabel: 'tx/s' });
  const reasonRow = r => ({ 'data-reason': r.reason });
  const removals = new SortableTable(removalTable, REASON_COLUMNS, { sort: { key: 'count', descending: true }, rowAttrs: reasonRow });
  const rejections = new SortableTable(rejectionTable, REASON_COLUMNS, { sort: { key: 'count', descending: true }, rowAttrs: reasonRow });
  const blockList = new SortableTable(blocksTable, BLOCK_COLUMNS, { sort: { key: 'height', descending: true }, rowAttrs: b => ({ 'data-height': b.height }) });
  const mempool = new SecondWindow();
  let blocks = [];

  const unsubscribe = ctx.connection.subscribe('chain', ctx.node ? { node: ctx.node } : {}, c => {
    blocks = c.whole ? c.blocks : blocks.concat(c.blocks);
    if (blocks.length > MAX_BLOCKS) blocks = blocks.slice(blocks.length - MAX_BLOCKS);
    const byHeight = [...blocks].sort((a, b) => a.height - b.height);
    connectChart.set([byHeight.map(b => b.height), byHeight.map(b => b.connectMs)]);

    mempool.merge(c.whole, c.from, c.to, c.mempool);
    const xs = mempool.seconds();
    mempoolChart.setSeries(c.mempoolSeries.map(name => ({ label: name, stroke: MEMPOOL_COLOURS[name] || '#7f8c8d' })),
      [xs, ...c.mempoolSeries.map((_, i) => mempool.series(xs, b => SecondWindow.column(b, i)))]);

    removals.show(c.removalReasons);
    rejections.show(c.rejectionReasons);
    blockList.show(blocks.slice(-LISTED_BLOCKS));
    const row = (k, v, id) => el('tr', {}, el('th', {}, k), el('td', { 'data-figure': id }, v));
    replace(figures,
      row('blocks connected', count(c.blocksConnected), 'blocks'),
      row('tip', c.tip < 0 ? 'none yet' : String(c.tip), 'tip'),
      row('mempool: added', count(c.added), 'added'),
      row('removed', count(c.removed), 'removed'),
      row('replaced (RBF)', count(c.replaced), 'replaced'),
      row('rejected', count(c.rejected), 'rejected'));
    summary.textContent = c.node + ' · since the start; the mempool chart: the last '
      + Math.round((c.to - c.from + 1) / 60) + ' minutes of event time';
  });
  return { unmount: () => { unsubscribe(); connectChart.destroy(); mempoolChart.destroy(); } };
}
