/** Hash routes: the server serves only `/`, so every page lives after the `#`. */

export type Route =
  | { page: 'slos' }
  | { page: 'slo'; id: string }
  | { page: 'topology'; node?: string }
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  /** `prefill`: matchers for the new-silence form (from an alert or an SLO). */
  | { page: 'silences'; prefill?: string[] }
  | { page: 'not-found'; path: string };

/** The route of a hash (`#/slos/checkout%2Favailability`); undefined for in-page anchors like `#main`. */
export function parseHash(hash: string): Route | undefined {
  if (hash === '' || hash === '#') return { page: 'slos' };
  if (!hash.startsWith('#/')) return undefined;
  const parts = hash
    .slice(2)
    .split('/')
    .filter((p) => p !== '');
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return { page: 'not-found', path: hash.slice(1) };
  }
  const [head, arg, ...rest] = decoded;
  if (rest.length > 0) return { page: 'not-found', path: hash.slice(1) };
  if (head === undefined || (head === 'slos' && arg === undefined)) return { page: 'slos' };
  if (head === 'slos' && arg !== undefined) return { page: 'slo', id: arg };
  if (head === 'topology') return arg === undefined ? { page: 'topology' } : { page: 'topology', node: arg };
  if (head === 'silences') {
    if (arg === undefined) return { page: 'silences' };
    const prefill = matcherList(arg);
    return prefill === undefined ? { page: 'not-found', path: hash.slice(1) } : { page: 'silences', prefill };
  }
  if (head === 'incidents') return arg === undefined ? { page: 'incidents' } : { page: 'incident', id: arg };
  return { page: 'not-found', path: hash.slice(1) };
}

const enc = encodeURIComponent;

/** The matchers of a `#/silences/<JSON array>` hash; undefined when it is not a string array. */
function matcherList(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((m) => typeof m === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The hash of a route, for links. */
export const href = {
  slos: () => '#/',
  slo: (id: string) => `#/slos/${enc(id)}`,
  topology: (node?: string) => (node === undefined ? '#/topology' : `#/topology/${enc(node)}`),
  incidents: () => '#/incidents',
  incident: (id: string) => `#/incidents/${enc(id)}`,
  /** The silences page; with matchers, its new-silence form prefilled with them. */
  silences: (matchers?: readonly string[]) =>
    matchers === undefined ? '#/silences' : `#/silences/${enc(JSON.stringify(matchers))}`,
};

/** Which main navigation entry a route belongs to. */
export function section(route: Route): 'slos' | 'topology' | 'incidents' | 'silences' | undefined {
  switch (route.page) {
    case 'slos':
    case 'slo':
      return 'slos';
    case 'topology':
      return 'topology';
    case 'incidents':
    case 'incident':
      return 'incidents';
    case 'silences':
      return 'silences';
    default:
      return undefined;
  }
}
