#!/usr/bin/env node
// `npm start`'s build step: rebuilds the server (tsc) and the dashboard (esbuild) only when
// their inputs changed since the last build, so a second start within seconds does not wait
// for a compiler. Inputs are compared by content (a SHA-256 over every input file), not by
// mtime, so a checkout that touches files without changing them builds nothing.
//
//   node scripts/build-if-changed.mjs            build what changed, report each step
//   node scripts/build-if-changed.mjs --force    build both
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-inputs.json');
const force = process.argv.includes('--force');

const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));
const STEPS = [
  {
    name: 'server',
    what: 'TypeScript -> dist/ (tsc)',
    inputs: [...tsconfig.include, 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    output: 'dist/cli/main.js',
    command: [join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json']],
  },
  {
    name: 'dashboard',
    what: 'ui/src -> dist/ui (esbuild)',
    inputs: ['ui', 'package-lock.json'],
    output: 'dist/ui/manifest.json',
    command: [join(ROOT, 'node_modules', '.bin', 'tsx'), ['ui/build.ts']],
  },
];

/** Every file under the given paths (tests and build output left out), sorted. */
function files(paths) {
  const out = [];
  const walk = (path) => {
    const full = join(ROOT, path);
    if (!existsSync(full)) return;
    if (!statSync(full).isDirectory()) {
      if (!path.endsWith('.test.ts')) out.push(path);
      return;
    }
    for (const name of readdirSync(full))
      if (name !== 'node_modules' && name !== 'dist') walk(join(path, name));
  };
  for (const p of paths) walk(p);
  return out.sort();
}

function digest(paths) {
  const hash = createHash('sha256');
  for (const f of files(paths))
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(ROOT, f)));
  return hash.digest('hex');
}

const previous = existsSync(STAMP) ? JSON.parse(readFileSync(STAMP, 'utf8')) : {};
const next = { ...previous };
for (const step of STEPS) {
  const sum = digest(step.inputs);
  if (!force && previous[step.name] === sum && existsSync(join(ROOT, step.output))) {
    process.stderr.write(`build: ${step.name} up to date\n`);
    continue;
  }
  process.stderr.write(`build: ${step.name}: ${step.what} ...\n`);
  const started = Date.now();
  const [bin, args] = step.command;
  execFileSync(bin, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  process.stderr.write(`build: ${step.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  next[step.name] = sum;
  writeFileSync(STAMP, `${JSON.stringify(next, null, 2)}\n`);
}
