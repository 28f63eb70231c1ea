import { CorrelateError, CorrelateErrorCode } from '../errors.js';
import type { Edge, NodeSeries, Point, SloRef } from '../types.js';
import { type CsvTable, parseCsv } from './csv.js';

/**
 * The neutral case format (documented in the README, "Root cause"):
 * `case.json` `{"anomalyTime": <unix s>, "slo": {"node", "signal"}, "rootCause"?: <node>}`,
 * `metrics.csv` `time,node,signal,value` (time in unix seconds), and an optional
 * `graph.csv` `source,target` (caller -> callee).
 */
export interface CaseSpec {
  /** Unix seconds. */
  readonly anomalyTime: number;
  readonly slo: SloRef;
  readonly rootCause?: string;
  /** The kind of fault (`cpu`, `network_delay`, ...), when known: results are also given per kind. */
  readonly faultType?: string;
}

/** Parses and checks `case.json`; `file` only names the source in errors. */
export function parseCaseJson(text: string, file: string): CaseSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw invalidCase(file, `not JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) throw invalidCase(file, 'expected an object');
  const o = raw as Record<string, unknown>;
  if (typeof o.anomalyTime !== 'number' || !Number.isFinite(o.anomalyTime)) {
    throw invalidCase(file, 'anomalyTime: expected unix seconds (a number)');
  }
  const slo = o.slo as Record<string, unknown> | undefined;
  if (
    typeof slo !== 'object' ||
    slo === null ||
    typeof slo.node !== 'string' ||
    typeof slo.signal !== 'string'
  ) {
    throw invalidCase(file, 'slo: expected {"node": string, "signal": string}');
  }
  if (o.rootCause !== undefined && typeof o.rootCause !== 'string') {
    throw invalidCase(file, 'rootCause: expected a string');
  }
  if (o.faultType !== undefined && typeof o.faultType !== 'string') {
    throw invalidCase(file, 'faultType: expected a string');
  }
  return {
    anomalyTime: o.anomalyTime,
    slo: { node: slo.node, signal: slo.signal },
    ...(o.rootCause === undefined ? {} : { rootCause: o.rootCause }),
    ...(o.faultType === undefined ? {} : { faultType: o.faultType }),
  };
}

/**
 * Parses `metrics.csv` into series per node and signal (times to Unix ms, points sorted by
 * time). Rows with a non-numeric time or value are skipped, as a sparse series would be.
 */
export function parseMetricsCsv(text: string, file: string): NodeSeries {
  const table = parseCsv(text);
  const [ti, ni, si, vi] = columns(table, ['time', 'node', 'signal', 'value'], file);
  const out = new Map<string, Map<string, Point[]>>();
  for (const row of table.rows) {
    const t = Number(row[ti]);
    const v = Number(row[vi]);
    const node = row[ni];
    const signal = row[si];
    if (node === undefined || signal === undefined || row[vi]?.trim() === '') continue;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const bySignal = out.get(node) ?? new Map<string, Point[]>();
    out.set(node, bySignal);
    const points = bySignal.get(signal) ?? [];
    bySignal.set(signal, points);
    points.push({ t: Math.round(t * 1000), v });
  }
  for (const bySignal of out.values())
    for (const points of bySignal.values()) points.sort((a, b) => a.t - b.t);
  return out;
}

/** Parses `graph.csv` into call edges, caller -> callee; empty names are skipped. */
export function parseGraphCsv(text: string, file: string): Edge[] {
  const table = parseCsv(text);
  const [si, ti] = columns(table, ['source', 'target'], file);
  const edges: Edge[] = [];
  for (const row of table.rows) {
    const source = row[si]?.trim();
    const target = row[ti]?.trim();
    if (source && target) edges.push({ source, target });
  }
  return edges;
}

function columns<const N extends readonly string[]>(
  table: CsvTable,
  names: N,
  file: string,
): { [K in keyof N]: number } {
  return names.map((name) => {
    const i = table.header.indexOf(name);
    if (i < 0) throw invalidCase(file, `missing column "${name}" (header: ${table.header.join(',')})`);
    return i;
  }) as { [K in keyof N]: number };
}

/** The error for a malformed case file. */
export function invalidCase(file: string, problem: string): CorrelateError {
  return new CorrelateError(CorrelateErrorCode.InvalidCase, `${file}: ${problem}`, { file });
}
