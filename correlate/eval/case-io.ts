import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { RankInput } from '../types.js';
import { type CaseSpec, invalidCase, parseCaseJson, parseGraphCsv, parseMetricsCsv } from './case-format.js';

/** One case read from disk, ready to rank. */
export interface LoadedCase {
  /** The directory, as given. */
  readonly dir: string;
  readonly spec: CaseSpec;
  /** The ranker's input: series, edges (absent without `graph.csv`), anomaly time in ms, SLO. */
  readonly input: RankInput;
}

/**
 * Reads a case directory (`case.json`, `metrics.csv`, optional `graph.csv`). Throws
 * `FL_CORRELATE_INVALID_CASE` naming the file when one is missing or malformed.
 */
export async function readCase(dir: string): Promise<LoadedCase> {
  const caseFile = join(dir, 'case.json');
  const metricsFile = join(dir, 'metrics.csv');
  const graphFile = join(dir, 'graph.csv');
  const spec = parseCaseJson(await readText(caseFile, true), caseFile);
  const series = parseMetricsCsv(await readText(metricsFile, true), metricsFile);
  const graphText = await readText(graphFile, false);
  const edges = graphText === undefined ? undefined : parseGraphCsv(graphText, graphFile);
  const input: RankInput = {
    series,
    anomalyTimeMs: Math.round(spec.anomalyTime * 1000),
    slo: spec.slo,
    ...(edges === undefined ? {} : { edges }),
  };
  return { dir, spec, input };
}

/**
 * Every directory at or below `root` (any depth) that holds a `case.json`, sorted. A case
 * directory is not searched further.
 */
export async function findCaseDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'case.json')) {
      found.push(dir);
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) await walk(join(dir, e.name));
    }
  };
  await walk(root);
  return found.sort();
}

/** A case's name relative to the root it was found under, with `/` separators. */
export function caseName(root: string, dir: string): string {
  const rel = relative(root, dir).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

async function readText(file: string, required: true): Promise<string>;
async function readText(file: string, required: false): Promise<string | undefined>;
async function readText(file: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined;
    throw invalidCase(
      file,
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (err as Error).message,
    );
  }
}
