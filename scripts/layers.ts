/**
 * The layer order of faultline's source folders, written once: a file may import from its own
 * folder, from a folder in its own tier, or from a tier further down this list, never up.
 * `npm run lint` checks it (scripts/check-imports.ts); docs/architecture.md explains it.
 */
export const LAYERS: readonly (readonly string[])[] = [
  // entry points and the composition root; tools that drive the engine or its parts
  ['cli', 'engine', 'api', 'backtest', 'sim'],
  // burn-rate rules, alert state, outbox, notifiers, and the incident runtime
  ['alerting'],
  // pure computation: ranking, grouping, evaluation
  ['correlate'],
  ['topology'],
  ['pipeline'],
  ['ingest'],
  // the runtime kit every area stands on, and what is not an area at all
  ['core', 'schemas', 'config', 'observability'],
];

/** The folders the check covers: every source folder named in {@link LAYERS}. */
export const LAYERED_FOLDERS: readonly string[] = LAYERS.flat();

/** One import against the order. */
export interface LayerViolation {
  from: string;
  to: string;
}

/** The tier of a repository-relative path (`alerting/alert.ts`), or undefined outside the layered folders. */
function tierOf(file: string): number | undefined {
  const folder = file.split('/')[0] ?? '';
  const tier = LAYERS.findIndex((t) => t.includes(folder));
  return tier === -1 ? undefined : tier;
}

/**
 * Every import in `graph` (file -> the files it imports, repository-relative) that goes up
 * the order of `LAYERS`.
 */
export function layerViolations(graph: Readonly<Record<string, readonly string[]>>): LayerViolation[] {
  const found: LayerViolation[] = [];
  for (const [from, deps] of Object.entries(graph)) {
    const own = tierOf(from);
    if (own === undefined) continue;
    for (const to of deps) {
      const target = tierOf(to);
      if (target !== undefined && target < own) found.push({ from, to });
    }
  }
  return found;
}
