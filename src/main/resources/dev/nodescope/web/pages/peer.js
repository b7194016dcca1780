// Peer: one peer's conversation as a sequence diagram. Two lifelines (this node, the peer), one
// arrow per message in its direction, newest at the bottom; a reply is tied to its request (a
// bracket on the right, both highlighted on hover); idle gaps longer than a few seconds become a
// marked break. While scrolled to the bottom the page follows the conversation; scrolling up
// stops following, to read back through the history the server keeps (the page keeps no more).
import { el, replace, svg } from '../dom.js';
import { age, bytes, clock, count, millis } from '../format.js';

const TOP = 16;            // above the first arrow
const ROW = 30;            // one message's height, whatever its timing
const PX_PER_SECOND = 12;  // a short pause shows as extra space, up to...
const GAP_SECONDS = 2;     // ...this; a longer idle gap is a marked break instead of empty space
const BREAK = 26;          // a break's height
const TIME_WIDTH = 96;     // the time column left of our lifeline
const LANES = 4;           // brackets side by side before they reuse a lane
const TRIM_SLACK = 100;    // messages over the cap before the oldest are dropped (a relayout at a time)

export function mount(root, ctx) {
  const node = ctx.args[0] || ctx.node;
  const id = ctx.args[1];
  const facts = el('div', { id: 'peer-facts', class: 'peer-facts' });
  const status = el('span', { id: 'peer-status', class: 'summary' });
  const newest = el('button', { id: 'peer-newest', type: 'button', hidden: true }, 'follow newest ↓');
  const error = el('div', { id: 'peer-error', class: 'error', hidden: true });
  const heads = el('div', { class: 'lifeline-heads' });
  const diagram = svg('svg', { id: 'peer-diagram', class: 'sequence', role: 'img' });
  const scroller = el('div', { id: 'peer-scroll', class: 'sequence-scroll' }, diagram);
  root.append(
    el('div', { class: 'toolbar' }, el('a', { id: 'peer-back', href: '#/peers' }, '← Peers'),
      el('h1', {}, 'Peer ' + (id === undefined ? '?' : id)), status, newest),
    facts, error, heads, scroller);

  let items = [];           // {kind: 'msg', m} or {kind: 'skip', n}, oldest first
  let bySeq = new Map();    // seq -> drawn message {m, g, y, replies: []}
  let earlier = 0;          // messages of this peer not on the page (before its first)
  let missed = 0;           // messages the server let go between two updates (this page was slower than the peer)
  let cap = 1000;
  let peer = null;
  let layout = null;
  let following = true;
  let width = 0;

  const defs = () => svg('defs', {},
    ['in', 'out'].map(dir => svg('marker', {
      id: 'arrow-' + dir, class: 'arrowhead ' + dir, viewBox: '0 0 10 10', refX: 10, refY: 5,
      markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse',
    }, svg('path', { d: 'M0,0 L10,5 L0,10 z' }))));

  /** Starts the drawing over: lifelines, then every kept item placed again. */
  function rebuild() {
    width = Math.max(720, scroller.clientWidth);
    const left = TIME_WIDTH + 60;
    const right = width - 90;
    layout = {
      left, right, y: TOP, lastT: null, lane: 0,
      lifelines: svg('g', { class: 'lifelines' },
        svg('line', { class: 'lifeline ours', x1: left, x2: left, y1: 0, y2: 0 }),
        svg('line', { class: 'lifeline theirs', x1: right, x2: right, y1: 0, y2: 0 })),
      links: svg('g', { class: 'links' }),
      body: svg('g', { class: 'messages' }),
    };
    replace(diagram, defs(), layout.lifelines, layout.links, layout.body);
    diagram.setAttribute('width', width);
    replace(heads,
      head('this node' + (node ? ' (' + node + ')' : ''), left, 'ours'),
      head('peer ' + id + (peer && peer.addr ? ' · ' + peer.addr : ''), right, 'theirs'));
    bySeq = new Map();
    for (const item of items) place(item);
    grow();
  }

  function head(text, x, side) {
    const h = el('span', { class: 'lifeline-head ' + side }, text);
    h.style.left = x + 'px';
    return h;
  }

  /** Draws one item below the last, at a height that says how long the peer was quiet before it. */
  function place(item) {
    const L = layout;
    if (item.kind === 'skip') {
      brk(item.n + ' messages skipped (they came faster than this page updated)', 'skipped');
      return;
    }
    const m = item.m;
    if (L.lastT !== null) {
      const quiet = Math.max(0, (m.t - L.lastT) / 1e9);
      if (quiet > GAP_SECONDS) brk(age(quiet) + ' idle', 'idle');
      else L.y += quiet * PX_PER_SECOND;
    }
    L.lastT = m.t;
    L.y += ROW;
    const y = L.y;
    const inbound = m.dir === 'in';
    const [x1, x2] = inbound ? [L.right, L.left] : [L.left, L.right];
    const room = Math.floor((L.right - L.left) / 6.6) - m.type.length - 10;
    const summary = m.summary.length > room ? m.summary.slice(0, Math.max(0, room - 1)) + '…' : m.summary;
    const g = svg('g', {
      class: 'msg ' + m.dir, 'data-seq': m.seq, 'data-type': m.type, 'data-dir': m.dir,
      'data-partner': m.partner === null ? null : m.partner,
    },
    svg('title', {}, '#' + m.seq + ' ' + (inbound ? 'received ' : 'sent ') + m.type + ', ' + count(m.size) + ' bytes, '
      + clock(m.t) + (m.summary ? '\n' + m.summary : '') + (m.partner !== null ? '\nanswers #' + m.partner : '')),
    svg('rect', { class: 'hit', x: 0, y: y - ROW + 6, width: L.right + 40, height: ROW }),
    svg('text', { class: 'time', x: 8, y: y + 4 }, clock(m.t)),
    svg('line', { class: 'arrow', x1, y1: y, x2, y2: y, 'marker-end': 'url(#arrow-' + m.dir + ')' }),
    svg('text', { class: 'label', x: (L.left + L.right) / 2, y: y - 6, 'text-anchor': 'middle' },
      svg('tspan', { class: 'type' }, m.type),
      svg('tspan', { class: 'size', dx: 6 }, bytes(m.size)),
      summary ? svg('tspan', { class: 'text', dx: 8 }, summary) : null));
    L.body.append(g);
    const drawn = { m, g, y, replies: [] };
    bySeq.set(m.seq, drawn);
    const request = m.partner === null ? null : bySeq.get(m.partner);
    if (request) tie(request, drawn);
  }

  /** A request and one of its replies: the reply's seq on the request, and a bracket between them. */
  function tie(request, reply) {
    request.replies.push(reply.m.seq);
    request.g.setAttribute('data-partner', request.replies.join(' '));
    const L = layout;
    const x = L.right + 14 + (L.lane++ % LANES) * 9;
    L.links.append(svg('path', {
      class: 'link', 'data-request': request.m.seq, 'data-reply': reply.m.seq,
      d: 'M' + (L.right + 4) + ',' + request.y + ' H' + x + ' V' + reply.y + ' H' + (L.right + 4),
    }));
    request.g.classList.add('request');
    reply.g.classList.add('reply');
  }

  function brk(text, kind) {
    const L = layout;
    L.y += BREAK;
    const y = L.y - BREAK / 2;
    L.body.append(svg('g', { class: 'break ' + kind },
      svg('line', { x1: 0, x2: L.right + 50, y1: y, y2: y }),
      svg('text', { x: (L.left + L.right) / 2, y: y + 4, 'text-anchor': 'middle' }, text)));
  }

  /** The drawing's height follows its content; the lifelines run down all of it. */
  function grow() {
    const h = layout.y + ROW;
    diagram.setAttribute('height', h);
    for (const line of layout.lifelines.children) line.setAttribute('y2', h);
  }

  /** Highlights a message and its partners (its request, or its replies) while the pointer is on it. */
  function highlight(g, on) {
    const seqs = [g.dataset.seq, ...(g.dataset.partner || '').split(' ').filter(s => s)];
    for (const s of seqs) {
      const other = bySeq.get(Number(s));
      if (other) other.g.classList.toggle('hl', on);
    }
    for (const link of layout.links.children) {
      if (seqs.includes(link.dataset.request) && seqs.includes(link.dataset.reply)) link.classList.toggle('hl', on);
    }
  }
  diagram.addEventListener('mouseover', e => { const g = e.target.closest('g.msg'); if (g) highlight(g, true); });
  diagram.addEventListener('mouseout', e => { const g = e.target.closest('g.msg'); if (g) highlight(g, false); });

  function atBottom() {
    return scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 4;
  }
  scroller.addEventListener('scroll', () => { following = atBottom(); showStatus(); });
  newest.addEventListener('click', () => { following = true; scroller.scrollTop = scroller.scrollHeight; showStatus(); });

  function showStatus() {
    const shown = items.filter(i => i.kind === 'msg');
    const first = shown.length ? shown[0].m.seq : null;
    const last = shown.length ? shown[shown.length - 1].m.seq : null;
    status.textContent = count(shown.length) + ' messages' + (first !== null ? ' (#' + first + '–#' + last + ')' : '')
      + (earlier > 0 ? ' · ' + count(earlier) + ' earlier not kept' : '')
      + (missed > 0 ? ' · ' + count(missed) + ' skipped' : '')
      + ' · ' + (following ? 'following live' : 'paused: scroll to the bottom to follow');
    newest.hidden = following;
    status.dataset.shown = shown.length;
    status.dataset.earlier = earlier;
    status.dataset.skipped = missed;
  }

  function showFacts() {
    const p = peer;
    if (!p) return;
    const fact = (key, text) => text === null || text === undefined || text === '' ? null
      : el('span', { class: 'fact', 'data-fact': key }, text);
    replace(facts,
      fact('connType', p.connType || 'connection type unknown'),
      fact('network', p.network),
      fact('direction', p.direction),
      fact('addr', p.addr),
      fact('state', p.state),
      fact('userAgent', p.userAgent),
      fact('ping', p.pingMs === null ? null : 'ping ' + millis(p.pingMs)),
      fact('traffic', count(p.msgsIn) + ' in (' + bytes(p.bytesIn) + ') · ' + count(p.msgsOut) + ' out (' + bytes(p.bytesOut) + ')'),
      fact('misbehaving', p.misbehaviours > 0 ? p.misbehaviours + '× misbehaving: ' + p.misbehaving : null));
    facts.className = 'peer-facts ' + p.state;
  }

  function receive(c) {
    error.hidden = true;
    cap = c.cap;
    const wasFollowing = following;
    if (c.peer) {
      const addrChanged = !peer || peer.addr !== c.peer.addr;
      peer = c.peer;
      showFacts();
      if (addrChanged && layout) rebuild();
    }
    if (c.first) {
      items = c.messages.map(m => ({ kind: 'msg', m }));
      earlier = c.skipped;
      missed = 0;
      rebuild();
    } else {
      const added = [];
      if (c.skipped > 0) added.push({ kind: 'skip', n: c.skipped });
      missed += c.skipped;
      for (const m of c.messages) added.push({ kind: 'msg', m });
      items.push(...added);
      const shown = items.filter(i => i.kind === 'msg').length;
      if (shown > cap + TRIM_SLACK) {
        trim(shown - cap);
      } else {
        for (const item of added) place(item);
        grow();
      }
    }
    if (wasFollowing) scroller.scrollTop = scroller.scrollHeight;
    showStatus();
  }

  /** Drops the oldest messages (the server keeps no more either), keeping what the reader looks at in place. */
  function trim(n) {
    let dropped = 0;
    const drop = () => {
      const item = items.shift();
      if (item.kind === 'msg') dropped++;
      else { missed -= item.n; earlier += item.n; }
    };
    while (dropped < n && items.length) drop();
    while (items.length && items[0].kind !== 'msg') drop();
    earlier += dropped;
    const before = diagram.getAttribute('height') - scroller.scrollTop;
    rebuild();
    if (!following) scroller.scrollTop = Math.max(0, diagram.getAttribute('height') - before);
  }

  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }

  const onResize = () => { if (layout) rebuild(); };
  window.addEventListener('resize', onResize);
  const unsubscribe = ctx.connection.subscribe('peer', node ? { node, id } : { id }, receive, fail);
  return { unmount: () => { unsubscribe(); window.removeEventListener('resize', onResize); } };
}
