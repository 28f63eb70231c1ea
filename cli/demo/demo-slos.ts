import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';
import { loadSloFiles } from '../../pipeline/slo/load-slos.js';
import type { Slo } from '../../pipeline/slo/slo.js';

/**
 * The demo's SLO file, `examples/demo/slos.yaml` under the package root, found from here
 * whether this runs from the sources or from `dist/`. It is an ordinary spec file a user can
 * copy; the demo loads it like any other.
 */
export function demoSloFile(): string {
  return join(packageRoot(import.meta.url), 'examples', 'demo', 'slos.yaml');
}

/** The SLOs of the demo: the Sock Shop services an on-call team would watch. */
export function demoSlos(): Slo[] {
  return loadSloFiles([demoSloFile()]);
}
