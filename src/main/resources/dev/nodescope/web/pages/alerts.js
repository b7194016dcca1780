// Alerts: what watch's detectors raise (web --watch, demo --web). The alerts open now, most severe
// first, with the numbers behind them; a timeline of their transitions (pending, firing, resolved).
import { el, replace } from '../dom.js';
import { age, clock } from '../format.js';

/** Transitions the page keeps: the server keeps as many. */
const MAX_TRANSITIONS = 2000;
/** Transitions listed under the timeline, newest first. */
const LISTED = 50;
/** Lanes of the timeline: the alerts (detector and subject) with the latest transitions. */
const LANES = 12;
const STATE_COLOURS = { pending: '#d68910', firing: '#c0392b', resolved: '#27ae60' };
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

/** A number as the evidence gives it: whole numbers as they are, others to four significant digits. */
function number(v) {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : Number(v.toPrecision(4)).toString();
}

function subjectLink(a) {
  if (a.peerId === null) return el('span', { class: 'subject' }, a.subject);
  return el('a', { class: 'subject', href: '#/peer/' + encodeURIComponent(a.node) + '/' + a.peerId }, a.subject);
}

export function mount(root, ctx) {
  const summary = el('span', { id: 'alerts-summary', class: 'summary' });
  const hint = el('p', { id: 'alerts-hint', class: 'hint', hidden: true },
    'The watchdog is not running: start the dashboard with ', el('code', {}, 'nodescope web --watch'),
    ' (or ', el('code', {}, 'nodescope demo --web'), ') to see its alerts here (docs/watch.md).');
  const openBox = el('div', { id: 'alerts-open', class: 'alerts-open' });
  const timeline = el('div', { id: 'alerts-timeline', class: 'alerts-timeline' });
  const listed = el('table', { id: 'alerts-transitions', class: 'grid' });
  root.append(el('div', { class: 'toolbar' }, el('h1', {}, 'Alerts'), summary), hint, el('h2', {}, 'Open'), openBox,
    el('h2', {}, 'Timeline'), timeline, listed);
  let transitions = [];

  function showOpen(page) {
    if (page.open.length === 0) {
      replace(openBox, el('p', { class: 'muted' }, page.watching || transitions.length > 0 ? 'No alert is open.' : ''));
      return;
    }
    replace(openBox, page.open.map(a => el('div', {
      class: 'alert ' + a.severity + ' ' + a.state,
      'data-node': a.node, 'data-alert': a.alert, 'data-subject': a.subject, 'data-state': a.state, 'data-severity': a.severity,
      'data-peer-id': a.peerId === null ? null : a.peerId,
    },
      el('div', { class: 'alert-head' },
        el('span', { class: 'badge' }, a.severity), el('span', { class: 'state' }, a.state), el('strong', { class: 'detector' }, a.alert),
        subjectLink(a),
        el('span', { class: 'since muted', title: 'began ' + clock(a.started) },
          a.state + ' for ' + age(Math.max(0, page.now - a.since) / 1e9) + ' · began ' + age(Math.max(0, page.now - a.started) / 1e9) + ' ago')),
      el('div', { class: 'alert-summary' }, a.summary),
      el('table', { class: 'evidence' }, a.evidence.map(m => el('tr', { 'data-name': m.name },
        el('th', {}, m.name), el('td', { class: 'num', 'data-value': String(m.value) }, number(m.value))))))));
  }

  function showTimeline(now) {
    const lanes = new Map(); // key -> transitions, in time order
    for (const t of transitions) {
      const key = t.node + ' ' + t.alert + ' ' + t.subject;
      if (!lanes.has(key)) lanes.set(key, []);
      lanes.get(key).push(t);
    }
    const shown = [...lanes.entries()].sort((a, b) => b[1][b[1].length - 1].seq - a[1][a[1].length - 1].seq).slice(0, LANES);
    if (shown.length === 0) {
      replace(timeline);
      return;
    }
    let from = Infinity;
    for (const [, ts] of shown) from = Math.min(from, ts[0].at);
    const to = Math.max(now, from + 1e9);
    const width = 900, label = 260, row = 22, height = shown.length * row + 24;
    const x = t => label + (width - label - 10) * (t - from) / (to - from);
    const parts = [];
    shown.forEach(([key, ts], i) => {
      const y = i * row + 12;
      parts.push(svg('text', { x: 0, y: y + 4, class: 'lane' }, ts[0].alert + ' ' + ts[0].subject));
      ts.forEach((t, j) => {
        const end = j + 1 < ts.length ? ts[j + 1].at : to;
        if (t.state !== 'resolved') {
          parts.push(svg('rect', { x: x(t.at), y: y - 4, width: Math.max(1, x(end) - x(t.at)), height: 8, fill: STATE_COLOURS[t.state] }));
        }
        parts.push(svg('circle', { cx: x(t.at), cy: y, r: 4, fill: STATE_COLOURS[t.state], 'data-state': t.state, 'data-lane': key },
          svg('title', {}, clock(t.at) + ' ' + t.alert + ' ' + t.subject + ' ' + t.state)));
      });
    });
    const axis = shown.length * row + 18;
    parts.push(svg('text', { x: label, y: axis, class: 'axis' }, clock(from)));
    parts.push(svg('text', { x: width - 10, y: axis, class: 'axis end' }, clock(to)));
    replace(timeline, svg('svg', { id: 'alerts-timeline-svg', viewBox: '0 0 ' + width + ' ' + height, width, height }, ...parts));
  }

  function showTransitions() {
    const rows = transitions.slice(-LISTED).reverse();
    replace(listed, el('thead', {}, el('tr', {}, ['time', 'state', 'severity', 'detector', 'subject', 'summary'].map(t => el('th', {}, t)))),
      el('tbody', {}, rows.map(t => el('tr', { 'data-seq': t.seq, class: 'transition ' + t.state },
        el('td', { 'data-key': 'at' }, clock(t.at)), el('td', { 'data-key': 'state' }, t.state),
        el('td', { 'data-key': 'severity' }, t.severity), el('td', { 'data-key': 'alert' }, t.alert),
        el('td', { 'data-key': 'subject' }, t.subject), el('td', { 'data-key': 'summary' }, t.summary)))));
  }

  const unsubscribe = ctx.connection.subscribe('alerts', {}, page => {
    transitions = page.reset ? page.transitions : transitions.concat(page.transitions);
    if (transitions.length > MAX_TRANSITIONS) transitions = transitions.slice(-MAX_TRANSITIONS);
    hint.hidden = page.watching || transitions.length > 0;
    summary.textContent = page.openTotal + ' open' + (page.open.length < page.openTotal ? ' (' + page.open.length + ' most severe shown)' : '')
      + (page.watching ? '' : ' · watchdog off');
    showOpen(page);
    if (page.reset || page.transitions.length > 0 || page.open.length > 0) {
      showTimeline(page.now);
      showTransitions();
    }
  });
  return { unmount: unsubscribe };
}
