import { LiveUpdates } from './core/live.js';
import { replaceContent } from './core/patch.js';
import { parseHash, type Route, section } from './core/router.js';
import { emptyState, errorState, pageHeading, type Rendered } from './views/common.js';
import { incidentDetailView } from './views/incident-detail.js';
import { incidentListView } from './views/incident-list.js';
import { silenceListView } from './views/silence-list.js';
import { sloDetailView } from './views/slo-detail.js';
import { sloListView } from './views/slo-list.js';
import { topologyView } from './views/topology-view.js';

/**
 * The dashboard shell: hash routing, one view at a time in `<main>`, focus moved to the new
 * page's heading on navigation, and live updates that re-render only when the data changed.
 */

const DEFAULT_REFRESH_MS = 5000;

const main = document.getElementById('main') as HTMLElement;
const liveStatus = document.getElementById('live-status') as HTMLElement;
const liveToggle = document.getElementById('live-toggle') as HTMLButtonElement;

let route: Route = parseHash(location.hash) ?? { page: 'slos' };
let signature = '';
let generation = 0;

const navigate = (hash: string): void => {
  location.hash = hash;
};

function load(r: Route): Promise<Rendered> {
  switch (r.page) {
    case 'slos':
      return sloListView();
    case 'slo':
      return sloDetailView(r.id);
    case 'topology':
      return topologyView(r.node, navigate);
    case 'incidents':
      return incidentListView(() => void open(r, false));
    case 'incident':
      return incidentDetailView(r.id, { reload: () => void open(r, false), navigate });
    case 'silences':
      // After a silence is created: back to the plain list, reloaded.
      return silenceListView(r.prefill, () => {
        if (location.hash === '#/silences') void open(r, true);
        else navigate('#/silences');
      });
    case 'not-found':
      return Promise.resolve({
        title: 'Not found',
        nodes: [pageHeading('Page not found'), emptyState(`Nothing lives at ${r.path}.`)],
        signature: 'not-found',
      });
  }
}

function show(rendered: Rendered): void {
  document.title = `${rendered.title} · faultline`;
  replaceContent(main, rendered.nodes);
  signature = rendered.signature;
}

function markNavigation(r: Route): void {
  const current = section(r);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    if (link.dataset.nav === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Loads the route's view; `focus` moves focus to the new page (not on the first load). */
async function open(r: Route, focus: boolean): Promise<void> {
  const mine = ++generation;
  route = r;
  markNavigation(r);
  main.setAttribute('aria-busy', 'true');
  try {
    const rendered = await load(r);
    if (mine !== generation) return;
    signature = '';
    show(rendered);
    live.loaded();
  } catch (err) {
    if (mine !== generation) return;
    document.title = 'Error · faultline';
    replaceContent(main, [pageHeading('Something went wrong'), errorState('this page', err)]);
    signature = '';
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy');
  }
  if (focus && mine === generation) {
    const target =
      main.querySelector<HTMLElement>('[data-autofocus]') ?? main.querySelector<HTMLElement>('h1');
    target?.focus();
  }
}

async function refresh(): Promise<void> {
  const mine = generation;
  const rendered = await load(route);
  if (mine !== generation || rendered.signature === signature) return;
  show(rendered);
}

const refreshMs = (() => {
  const seconds = Number(new URLSearchParams(location.search).get('refresh'));
  return seconds >= 1 ? seconds * 1000 : DEFAULT_REFRESH_MS;
})();
const live = new LiveUpdates(refresh, refreshMs, liveStatus, liveToggle);

window.addEventListener('hashchange', () => {
  const next = parseHash(location.hash);
  if (next !== undefined) void open(next, true);
});

// The skip link targets `#main`, which is not a route: move focus without touching the hash.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

void open(route, false);
live.start();
