// Addrman: the grid of `nodescope addrman view` (its own script and style, served from
// /assets/addrman/) over the snapshots `web --rpc` takes, with its time slider.
import { el } from '../dom.js';
import { age } from '../format.js';

let loading = null;

/** The grid's script and style, loaded once (the page's policy allows this server's files only). */
function loadGrid() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      document.head.append(el('link', { rel: 'stylesheet', href: '/assets/addrman/grid.css' }));
      const script = el('script', { src: '/assets/addrman/grid.js' });
      script.addEventListener('load', () => resolve(window.nodescopeAddrman));
      script.addEventListener('error', () => { loading = null; reject(new Error('cannot load the addrman grid')); });
      document.head.append(script);
    });
  }
  return loading;
}

export function mount(root, ctx) {
  const status = el('span', { id: 'addrman-status', class: 'summary' });
  const hint = el('p', { id: 'addrman-hint', class: 'hint', hidden: true },
    'No addrman snapshots: start the dashboard with ', el('code', {}, 'nodescope web --rpc'),
    ' (and --rpc-every, default 2m; the RPC options as for addrman snapshot) to see the node\'s address manager here (docs/addrman.md).');
  const box = el('div', { id: 'addrman-grid', class: 'addrman-grid' });
  root.append(el('div', { class: 'toolbar' }, el('h1', {}, 'Addrman'), status), hint, box);
  let grid = null;
  let mounted = true;

  const unsubscribe = ctx.connection.subscribe('addrman', {}, page => {
    hint.hidden = page.polling || page.grid !== null;
    status.textContent = !page.polling && page.grid === null ? 'not polled'
      : page.snapshots + ' snapshot' + (page.snapshots === 1 ? '' : 's') + ' kept (at most ' + page.maxSnapshots + ')'
        + (page.everySeconds === null ? '' : ', one every ' + age(page.everySeconds))
        + (page.failures > 0 ? ' · ' + page.failures + ' failed (see nodescope\'s stderr)' : '');
    if (page.grid === null) return;
    loadGrid().then(g => {
      if (!mounted) return;
      if (grid === null) grid = g.grid(box, page.grid);
      else grid.update(page.grid);
      box.dataset.ready = 'yes';
    }, e => console.error('nodescope:', e.message));
  });
  return { unmount: () => { mounted = false; unsubscribe(); } };
}
