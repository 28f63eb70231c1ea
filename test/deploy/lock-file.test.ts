import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const json = (path: string) => JSON.parse(readFileSync(`${ROOT}${path}`, 'utf8'));

// npm ci installs only what the lock lists: a platform package missing from it breaks
// `npm ci` on that platform. These three ship native binaries per platform.
describe('package-lock.json serves npm ci on every platform', () => {
  const lock = json('package-lock.json') as { packages: Record<string, { version?: string }> };
  it.each(['esbuild', '@biomejs/biome', '@bufbuild/buf'])('lists every platform package of %s', (name) => {
    const optional = Object.keys(
      (json(`node_modules/${name}/package.json`) as { optionalDependencies?: Record<string, string> })
        .optionalDependencies ?? {},
    );
    expect(optional.length).toBeGreaterThan(3);
    expect(optional.filter((dep) => lock.packages[`node_modules/${dep}`] === undefined)).toEqual([]);
  });
});

describe('Node.js versions', () => {
  it('engines and the Dockerfile name a maintained LTS line (22 or later), not Node 20', () => {
    expect((json('package.json') as { engines: { node: string } }).engines.node).toMatch(/^>=2[2-9]/);
    const froms = readFileSync(`${ROOT}Dockerfile`, 'utf8').match(/^FROM node:(\d+)/gm) ?? [];
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(Number(from.replace('FROM node:', ''))).toBeGreaterThanOrEqual(22);
  });
});
