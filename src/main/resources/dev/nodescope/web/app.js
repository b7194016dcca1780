// The dashboard's shell: navigation, the node picker, the connection state, the health banner
// (the view is incomplete whenever nodescope lost events), and the page router (#/NAME/...).
import { Connection } from './connection.js';
import { el, replace } from './dom.js';
import { count } from './format.js';

/** The pages, in the navigation's order; a page module exports mount(root, ctx) returning {unmount()}. */
const PAGES = [
  { path: 'peers', title: 'Peers', module: './pages/peers.js' },
  { path: 'peer', title: 'Peer', module: './pages/peer.js', hidden: true },
  { path: 'traffic', title: 'Traffic', module: './pages/traffic.js' },
  { path: 'chain', title: 'Blocks & mempool', module: './pages/chain.js' },
  { path: 'alerts', title: 'Alerts', module: './pages/alerts.js' },
  { path: 'addrman', title: 'Addrman', module: './pages/addrman.js' },
  { path: 'fleet', title: 'Fleet', module: './pages/fleet.js' },
  { path: 'health', title: 'Health', module: './pages/health.js' },
];

const state = { node: null, nodes: [], page: null, mounted: null };
const connection = new Connection(showConnection);

function showConnection(status, c) {
  const text = status === 'connected'
    ? 'live · update ' + count(c.seq) + (c.dropped > 0 ? ' · dropped ' + count(c.dropped) + ' updates (browser too slow; coalesced)' : '')
    : status;
  const e = document.getElementById('connection');
  e.textContent = text;
  e.className = 'connection ' + (status === 'connected' ? (c.dropped > 0 ? 'behind' : 'ok') : 'down');
}

function showHealth(h) {
  const banner = document.getElementById('banner');
  const detached = h.nodes.filter(n => n.detached);
  const problems = [];
  if (h.eventsLost > 0) {
    problems.push('incomplete view: ' + count(h.eventsLost) + ' events lost ('
      + Object.entries(h.lost).map(([k, v]) => k + ' ' + count(v)).join(', ') + ')');
  }
  for (const n of detached) problems.push(n.node + ' detached: ' + n.detached);
  if (problems.length === 0) {
    banner.hidden = true;
  } else {
    banner.textContent = problems.join(' · ');
    banner.hidden = false;
  }
  const names = h.nodes.map(n => n.node);
  if (names.join('\n') !== state.nodes.join('\n')) {
    state.nodes = names;
    const picker = document.getElementById('node-picker');
    replace(picker, names.map(n => el('option', { value: n, selected: n === state.node }, n)));
    if (state.node === null && names.length > 0) {
      state.node = names[names.length - 1];
      picker.value = state.node;
      route();
    }
  }
}

function navigation() {
  const nav = document.getElementById('nav');
  replace(nav, PAGES.filter(p => !p.hidden).map(p => el('a', { href: '#/' + p.path, 'data-page': p.path }, p.title)));
}

/** Counts route() calls: a page module loads asynchronously, and only the latest call may mount its page. */
let routing = 0;

async function route() {
  const mine = ++routing;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const page = PAGES.find(p => p.path === parts[0]) || PAGES[0];
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === page.path);
  if (state.mounted) state.mounted.unmount();
  state.mounted = null;
  const root = document.getElementById('page');
  replace(root);
  root.dataset.page = page.path;
  const module = await import(page.module);
  if (mine !== routing) return; // routed again meanwhile (the node arrived, the hash changed): that call mounts, not two pages at once
  state.mounted = module.mount(root, {
    connection,
    node: state.node,
    args: parts.slice(1),
    navigate: hash => { location.hash = hash; },
  });
}

navigation();
connection.subscribe('health', {}, showHealth);
document.getElementById('node-picker').addEventListener('change', e => { state.node = e.target.value; route(); });
window.addEventListener('hashchange', route);
route();
