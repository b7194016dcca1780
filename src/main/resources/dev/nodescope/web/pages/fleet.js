// Fleet: every node in one table (as `nodescope fleet` prints it: state, last event, events/s, tip and
// how far behind the fleet's best, peers, losses), how each recent block went through the fleet (each
// node's delay after the first node connected it), and the peer addresses seen on several nodes.
import { el, replace } from '../dom.js';
import { age, clock, count, millis, rate } from '../format.js';

/** Recent blocks listed (the server keeps 100). */
const LISTED_BLOCKS = 30;

export function mount(root, ctx) {
  const summary = el('span', { id: 'fleet-summary', class: 'summary' });
  const nodesTable = el('table', { id: 'fleet-nodes', class: 'grid' });
  const blocksTable = el('table', { id: 'fleet-blocks', class: 'grid fleet-blocks' });
  const peersTable = el('table', { id: 'fleet-peers', class: 'grid' });
  const peersNote = el('p', { id: 'fleet-peers-note', class: 'summary' });
  root.append(el('div', { class: 'toolbar' }, el('h1', {}, 'Fleet'), summary),
    el('h2', {}, 'Nodes'), nodesTable,
    el('h2', {}, 'Block propagation (delay after the first node)'), blocksTable,
    el('h2', {}, 'Peers seen on several nodes'), peersNote, peersTable);

  const unsubscribe = ctx.connection.subscribe('fleet', {}, page => {
    const names = page.nodes.map(n => n.node);
    const best = Math.max(-1, ...page.nodes.map(n => n.height));
    summary.textContent = names.length + (names.length === 1 ? ' node' : ' nodes')
      + (best >= 0 ? ' · best tip ' + best : '') + ' · ' + page.blocks.length + ' recent blocks';
    showNodes(page.nodes);
    showBlocks(page.blocks.slice(0, LISTED_BLOCKS), names);
    showPeers(page);
  });

  function showNodes(nodes) {
    const cell = (key, text, cls) => el('td', { 'data-key': key, class: cls || null }, text);
    replace(nodesTable,
      el('thead', {}, el('tr', {}, ['node', 'state', 'last event', 'events/s', 'tip', 'behind', 'peers', 'losses']
        .map((t, i) => el('th', { class: i >= 2 && i <= 6 ? 'num' : null }, t)))),
      el('tbody', {}, nodes.map(n => el('tr', { 'data-node': n.node, class: 'fleet-' + n.state },
        cell('node', n.node),
        cell('state', n.state),
        cell('lastEvent', n.lastEventSecondsAgo === null ? '-' : age(n.lastEventSecondsAgo) + ' ago', 'num'),
        cell('rate', rate(n.eventsPerSecond), 'num'),
        cell('tip', n.height < 0 ? '-' : String(n.height), 'num'),
        cell('behind', n.height < 0 ? '-' : String(n.behind), n.behind > 0 ? 'num lagging' : 'num'),
        cell('peers', n.peers + ' (' + n.inbound + ' in)', 'num'),
        cell('losses', Object.entries(n.losses).map(([k, v]) => k + ' ' + count(v)).join(', ') || 'none')))));
  }

  function showBlocks(blocks, names) {
    const head = el('tr', {}, ['height', 'hash', 'first at', 'spread', 'slowest']
      .map(t => el('th', { class: t === 'hash' || t === 'slowest' ? null : 'num' }, t)),
      names.map(n => el('th', { 'data-node': n, class: 'num' }, n)));
    const rows = blocks.map(b => el('tr', { 'data-hash': b.hash, class: b.complete ? 'complete' : 'pending' },
      el('td', { 'data-key': 'height', class: 'num' }, String(b.height)),
      el('td', { 'data-key': 'hash', class: 'hash', title: b.hash }, b.hash.slice(0, 16) + '…'),
      el('td', { 'data-key': 'first', class: 'num' }, clock(b.firstMillis * 1e6) + ' (' + b.first + ')'),
      el('td', { 'data-key': 'spread', class: 'num' }, b.slowest === null ? '-' : millis(b.spreadMs)),
      el('td', { 'data-key': 'slowest' }, b.slowest === null ? '-' : b.slowest),
      names.map(n => {
        const d = b.delaysMs[n];
        const text = d === undefined ? (b.complete ? 'missed' : '…') : n === b.first ? 'first' : '+' + millis(d);
        return el('td', { 'data-key': 'delay-' + n, class: 'num ' + (n === b.slowest ? 'slowest' : '') }, text);
      })));
    replace(blocksTable, el('thead', {}, head), el('tbody', {}, rows));
  }

  function showPeers(page) {
    peersNote.textContent = page.peersTotal === 0 ? 'No address has connected to more than one node.'
      : page.peersTotal + ' addresses on several nodes' + (page.peersTotal > page.peers.length ? ' (the first ' + page.peers.length + ' shown)' : '')
        + ' · inbound addresses without their port';
    replace(peersTable,
      el('thead', {}, el('tr', {}, ['address', 'nodes', 'on', 'connections', 'last']
        .map(t => el('th', { class: t === 'address' || t === 'on' ? null : 'num' }, t)))),
      el('tbody', {}, page.peers.map(p => el('tr', { 'data-addr': p.addr },
        el('td', { 'data-key': 'addr' }, p.addr),
        el('td', { 'data-key': 'nodes', class: 'num' }, String(p.nodes.length)),
        el('td', { 'data-key': 'on' }, p.nodes.join(', ')),
        el('td', { 'data-key': 'connections', class: 'num' }, count(p.connections)),
        el('td', { 'data-key': 'last', class: 'num' }, age(p.lastSecondsAgo) + ' ago')))));
  }

  return { unmount: () => unsubscribe() };
}
