// Peers: like bitcoin-cli -netinfo, live. Click a header to sort, type to filter, click a row for
// the peer's conversation.
import { el, replace } from '../dom.js';
import { age, bytes, count, millis } from '../format.js';

const COLUMNS = [
  { key: 'id', title: 'id', show: p => p.id, num: true },
  { key: 'connType', title: 'type', show: p => p.connType || '?' },
  { key: 'network', title: 'net', show: p => p.network || '?' },
  { key: 'direction', title: 'dir', show: p => p.direction === 'inbound' ? 'in' : p.direction === 'outbound' ? 'out' : '?' },
  { key: 'addr', title: 'address', show: p => p.addr || '' },
  { key: 'ageSeconds', title: 'age', show: p => (p.ageLowerBound ? '≥' : '') + age(p.ageSeconds), num: true },
  { key: 'msgsIn', title: 'msgs in', show: p => count(p.msgsIn), num: true },
  { key: 'msgsOut', title: 'msgs out', show: p => count(p.msgsOut), num: true },
  { key: 'bytesIn', title: 'recv', show: p => bytes(p.bytesIn), num: true },
  { key: 'bytesOut', title: 'sent', show: p => bytes(p.bytesOut), num: true },
  { key: 'pingMs', title: 'ping', show: p => millis(p.pingMs), num: true },
  { key: 'misbehaviours', title: 'misbehaving', show: p => p.misbehaviours > 0 ? p.misbehaviours + '× ' + p.misbehaving : '', num: true },
  { key: 'alerts', title: 'alerts', show: p => p.alerts > 0 ? String(p.alerts) : '', num: true },
  { key: 'userAgent', title: 'user agent', show: p => p.userAgent || '' },
  { key: 'lastMsgType', title: 'last msg', show: p => p.lastMsgType || '' },
];

export function mount(root, ctx) {
  let sort = { key: 'id', descending: false };
  let filter = '';
  let last = null;
  const summary = el('span', { id: 'peers-summary', class: 'summary' });
  const search = el('input', { id: 'peers-filter', type: 'search', placeholder: 'filter: type, network, address, user agent…' });
  const table = el('table', { id: 'peers-table', class: 'grid' });
  root.append(el('div', { class: 'toolbar' }, el('h1', {}, 'Peers'), summary, search), table);
  search.addEventListener('input', () => { filter = search.value.toLowerCase(); draw(); });

  function draw() {
    if (!last) return;
    const rows = last.peers.filter(p => filter === '' || COLUMNS.some(c => String(c.show(p)).toLowerCase().includes(filter)));
    rows.sort((a, b) => {
      const x = a[sort.key], y = b[sort.key];
      const order = x === y ? a.id - b.id : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return sort.descending ? -order : order;
    });
    const head = el('tr', {}, COLUMNS.map(c => el('th', {
      'data-key': c.key,
      class: (c.num ? 'num ' : '') + (sort.key === c.key ? (sort.descending ? 'sorted-desc' : 'sorted-asc') : ''),
      onclick: () => { sort = { key: c.key, descending: sort.key === c.key ? !sort.descending : c.num }; draw(); },
    }, c.title)));
    const body = rows.map(p => el('tr', {
      'data-peer-id': p.id,
      class: 'peer ' + p.state + (p.alerts > 0 ? ' alerted' : '') + (p.misbehaviours > 0 ? ' misbehaving' : ''),
      onclick: () => ctx.navigate('#/peer/' + encodeURIComponent(last.node) + '/' + p.id),
    }, COLUMNS.map(c => el('td', { class: c.num ? 'num' : '', 'data-key': c.key }, c.show(p)))));
    replace(table, el('thead', {}, head), el('tbody', {}, body));
    const open = last.peers.filter(p => p.state === 'open');
    const inbound = open.filter(p => p.direction === 'inbound').length;
    summary.textContent = (last.node || 'no node yet') + ' · ' + open.length + ' open (' + inbound + ' in, '
      + (open.length - inbound) + ' out)' + (last.height >= 0 ? ' · height ' + count(last.height) : '')
      + (rows.length !== last.peers.length ? ' · ' + rows.length + ' shown' : '');
  }

  const unsubscribe = ctx.connection.subscribe('peers', ctx.node ? { node: ctx.node } : {}, page => { last = page; draw(); });
  return { unmount: unsubscribe };
}
