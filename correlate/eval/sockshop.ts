import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorrelateError, CorrelateErrorCode } from '../errors.js';
import type { Edge } from '../types.js';
import type { CaseSpec } from './case-format.js';
import { csvField, parseCsv } from './csv.js';

/**
 * Converter of the Sock Shop fault data of `azamikram/rcd` (layout
 * `<service>-<fault>/<n>/{normal,anomalous}.csv`, wide, one row a second) into the case
 * format. The choices (SLO, re-timing, graph clean-up) are explained in docs/root-cause.md.
 */

/** The SLO every converted case names: a user-facing latency proxy on the entry service. */
export const SOCKSHOP_SLO = { node: 'front-end', signal: 'lat_90_ratio' } as const;

const HOST_PREFIX = 'kubernetes-minion-group-';
const LATENCY_SUFFIX = '_lat_90';

/** Splits a wide column name at its first `_`: `carts-db_cpu` -> `carts-db` / `cpu`. */
export function splitColumn(column: string): { node: string; signal: string } | undefined {
  const i = column.indexOf('_');
  if (i <= 0 || i === column.length - 1) return undefined;
  return { node: column.slice(0, i), signal: column.slice(i + 1) };
}

/**
 * The call graph of MicroRCA's `mpg.csv` (`,source,destination,weight`): host rows (a
 * destination `kubernetes-minion-group-*` says where a container ran) and the
 * `unknown -> front-end` user-traffic row are dropped, duplicates removed.
 */
export function sockshopEdges(mpgText: string): Edge[] {
  const table = parseCsv(mpgText);
  const si = table.header.indexOf('source');
  const di = table.header.indexOf('destination');
  if (si < 0 || di < 0) {
    throw new CorrelateError(
      CorrelateErrorCode.InvalidDataset,
      'graph: expected columns source and destination',
    );
  }
  const seen = new Set<string>();
  const edges: Edge[] = [];
  for (const row of table.rows) {
    const source = row[si]?.trim() ?? '';
    const target = row[di]?.trim() ?? '';
    if (!source || !target || source === 'unknown' || target === 'unknown') continue;
    if (source.startsWith(HOST_PREFIX) || target.startsWith(HOST_PREFIX)) continue;
    const key = `${source}\u0000${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ source, target });
  }
  return edges;
}

/**
 * One case from the texts of `normal.csv` and `anomalous.csv`: `anomalyTime` is the first
 * anomalous row. The two recordings are hours to days apart (in one case the normal one is
 * later), so normal rows are moved in time, spacing kept, to end one row period before the
 * anomaly; values are untouched. Adds the SLI: front-end `lat_90_ratio`, per row the mean
 * over every `<svc>_lat_90` column of value / that column's median in normal.csv.
 */
export function convertSockshopCase(
  normalText: string,
  anomalousText: string,
  rootCause: string,
): { spec: CaseSpec; metricsCsv: string } {
  const normal = numericTable(normalText, 'normal.csv');
  const anomalous = numericTable(anomalousText, 'anomalous.csv');
  const anomalyTime = anomalous.times[0];
  const lastNormal = normal.times.at(-1);
  if (anomalyTime === undefined || lastNormal === undefined) {
    throw new CorrelateError(CorrelateErrorCode.InvalidDataset, 'normal.csv and anomalous.csv need rows');
  }
  const shift = anomalyTime - medianGap(normal.times) - lastNormal;
  const medians = latencyMedians(normal);
  const lines = ['time,node,signal,value'];
  for (const [table, offset] of [
    [normal, shift],
    [anomalous, 0],
  ] as const) {
    table.rows.forEach((row, r) => {
      const t = table.times[r]! + offset;
      table.columns.forEach((col, c) => {
        const cell = row[c + 1] ?? '';
        if (cell.trim() !== '') lines.push(`${t},${csvField(col.node)},${csvField(col.signal)},${cell}`);
      });
      const ratio = latencyRatio(table, row, medians);
      if (ratio !== undefined) lines.push(`${t},${SOCKSHOP_SLO.node},${SOCKSHOP_SLO.signal},${ratio}`);
    });
  }
  return { spec: { anomalyTime, slo: SOCKSHOP_SLO, rootCause }, metricsCsv: `${lines.join('\n')}\n` };
}

/** Options of `convertSockshop`. */
export interface ConvertSockshopOptions {
  /** The dataset root (`sockshop-rcd`). */
  readonly dataDir: string;
  /** MicroRCA's `mpg.csv`; without it the cases have no `graph.csv`. */
  readonly graphFile?: string;
  /** Where the cases go: `<out>/<service>-<fault>/<n>/`. */
  readonly outDir: string;
}

/**
 * Converts every `<service>-<fault>/<n>/` of the dataset into a case directory below
 * `outDir`; the root cause is `<service>`. Returns the case names written, sorted. Throws
 * `FL_CORRELATE_INVALID_DATASET` when the layout or a file is not as expected.
 */
export async function convertSockshop(options: ConvertSockshopOptions): Promise<string[]> {
  const graphCsv =
    options.graphFile === undefined
      ? undefined
      : `source,target\n${sockshopEdges(await readDatasetFile(options.graphFile))
          .map((e) => `${csvField(e.source)},${csvField(e.target)}`)
          .join('\n')}\n`;
  const written: string[] = [];
  for (const fault of await subdirs(options.dataDir)) {
    const dash = fault.lastIndexOf('-');
    if (dash <= 0) continue;
    for (const run of await subdirs(join(options.dataDir, fault))) {
      const from = join(options.dataDir, fault, run);
      const converted = convertSockshopCase(
        await readDatasetFile(join(from, 'normal.csv')),
        await readDatasetFile(join(from, 'anomalous.csv')),
        fault.slice(0, dash),
      );
      const to = join(options.outDir, fault, run);
      await mkdir(to, { recursive: true });
      await writeFile(join(to, 'case.json'), `${JSON.stringify(converted.spec, null, 2)}\n`);
      await writeFile(join(to, 'metrics.csv'), converted.metricsCsv);
      if (graphCsv !== undefined) await writeFile(join(to, 'graph.csv'), graphCsv);
      written.push(`${fault}/${run}`);
    }
  }
  if (written.length === 0) {
    throw new CorrelateError(
      CorrelateErrorCode.InvalidDataset,
      `${options.dataDir}: no <service>-<fault>/<n>/ cases`,
    );
  }
  return written.sort();
}

interface NumericTable {
  readonly columns: ReadonlyArray<{ node: string; signal: string; name: string }>;
  readonly rows: readonly string[][];
  readonly times: readonly number[];
}

function numericTable(text: string, file: string): NumericTable {
  const { header, rows } = parseCsv(text);
  if (header[0] !== 'time')
    throw new CorrelateError(CorrelateErrorCode.InvalidDataset, `${file}: first column must be time`);
  const columns = header.slice(1).map((name) => {
    const split = splitColumn(name);
    if (split === undefined) {
      throw new CorrelateError(
        CorrelateErrorCode.InvalidDataset,
        `${file}: column "${name}" is not <node>_<signal>`,
      );
    }
    return { ...split, name };
  });
  const kept = rows.filter((r) => Number.isFinite(Number(r[0])) && r[0]?.trim() !== '');
  return { columns, rows: kept, times: kept.map((r) => Number(r[0])) };
}

function latencyMedians(normal: NumericTable): Map<number, number> {
  const out = new Map<number, number>();
  normal.columns.forEach((col, c) => {
    if (!col.name.endsWith(LATENCY_SUFFIX)) return;
    const values = normal.rows
      .map((r) => Number(r[c + 1]))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const m = values.length === 0 ? 0 : (values[(values.length - 1) >> 1]! + values[values.length >> 1]!) / 2;
    if (m > 0) out.set(c, m);
  });
  return out;
}

function latencyRatio(
  table: NumericTable,
  row: readonly string[],
  medians: ReadonlyMap<number, number>,
): number | undefined {
  let sum = 0;
  let n = 0;
  table.columns.forEach((col, c) => {
    const m = medians.get(c);
    const v = Number(row[c + 1]);
    if (m === undefined || !col.name.endsWith(LATENCY_SUFFIX) || !Number.isFinite(v)) return;
    sum += v / m;
    n++;
  });
  return n === 0 ? undefined : sum / n;
}

function medianGap(times: readonly number[]): number {
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i]!)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  return gaps[(gaps.length - 1) >> 1] ?? 1;
}

async function subdirs(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new CorrelateError(CorrelateErrorCode.InvalidDataset, `${dir}: ${(err as Error).message}`);
  }
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function readDatasetFile(file: string): Promise<string> {
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CorrelateError(CorrelateErrorCode.InvalidDataset, `${file}: ${(err as Error).message}`, {
      file,
    });
  }
}
