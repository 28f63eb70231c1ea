/**
 * `npm run lint`'s import check: no circular imports, and no import against the layer order
 * of scripts/layers.ts. One madge pass serves both. Exits 1 and lists what it found.
 */
import { createRequire } from 'node:module';
import { LAYERED_FOLDERS, layerViolations } from './layers.js';

interface MadgeResult {
  obj(): Record<string, string[]>;
  circular(): string[][];
}
type Madge = (paths: string[], config: Record<string, unknown>) => Promise<MadgeResult>;

// madge ships CommonJS without type declarations.
const madge = createRequire(import.meta.url)('madge') as Madge;

const result = await madge([...LAYERED_FOLDERS], {
  baseDir: '.',
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  excludeRegExp: [/\.d\.ts$/, /^schemas\/gen\//],
});
const cycles = result.circular();
const upward = layerViolations(result.obj());
for (const cycle of cycles) console.error(`circular import: ${cycle.join(' -> ')}`);
for (const v of upward)
  console.error(`import against the layer order (scripts/layers.ts): ${v.from} -> ${v.to}`);
if (cycles.length > 0 || upward.length > 0) process.exit(1);
console.log(`imports: no cycles, every import follows the layer order (${LAYERED_FOLDERS.length} folders)`);
