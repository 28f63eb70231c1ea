import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCases } from '../../sim/cases/case-writer.js';
import { SIGNALS } from '../../sim/cases/node-signals.js';
import { sockshop } from '../../sim/topologies/sockshop.js';

const LOOKBACK_S = 300;
const AFTER_S = 180;
let root: string;
let dirs: string[];

const read = (dir: string, file: string) => readFile(join(root, dir, file), 'utf8');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'faultline-cases-'));
  await writeCases({
    outDir: join(root, 'a'),
    count: 8,
    seed: 5,
    lookbackMs: LOOKBACK_S * 1000,
    afterMs: AFTER_S * 1000,
  });
  dirs = (await readdir(join(root, 'a'))).sort().map((d) => join('a', d));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('case writer', () => {
  it('writes one directory per case, cycling fault types over varied targets', async () => {
    expect(dirs).toHaveLength(8);
    const cases = await Promise.all(dirs.map(async (d) => JSON.parse(await read(d, 'fault.json'))));
    expect(cases.map((c) => c.type)).toEqual([
      'latency',
      'error',
      'cpu',
      'outage',
      'latency',
      'error',
      'cpu',
      'outage',
    ]);
    expect(new Set(cases.map((c) => c.target)).size).toBeGreaterThanOrEqual(6);
    for (const [i, d] of dirs.entries())
      expect(d).toMatch(new RegExp(`case-00${i + 1}-${cases[i].type}-${cases[i].target}$`));
  });

  it('writes case.json in the neutral format, with the SLO signal chosen by fault type', async () => {
    for (const d of dirs) {
      const c = JSON.parse(await read(d, 'case.json'));
      const truth = JSON.parse(await read(d, 'fault.json'));
      expect(Object.keys(c).sort()).toEqual(['anomalyTime', 'rootCause', 'slo']);
      expect(Number.isInteger(c.anomalyTime)).toBe(true);
      expect(c.anomalyTime).toBe(truth.startUnix);
      expect(c.rootCause).toBe(truth.target);
      expect(c.slo).toEqual({
        node: 'front-end',
        signal: truth.type === 'latency' || truth.type === 'cpu' ? 'latency_p99' : 'error_rate',
      });
      // The SLO signal visibly moves while the fault lasts.
      expect(truth.sloDuring).toBeGreaterThan(truth.sloBefore * 1.2);
    }
  });

  it('writes metrics.csv in long form over the lookback and after the fault, every node and signal', async () => {
    const nodes = new Set(sockshop.nodes.map((n) => n.name));
    for (const d of dirs) {
      const { anomalyTime } = JSON.parse(await read(d, 'case.json'));
      const [header, ...lines] = (await read(d, 'metrics.csv')).trim().split('\n');
      expect(header).toBe('time,node,signal,value');
      const rows = lines.map((l) => l.split(','));
      const times = new Set<number>();
      const bad = rows.filter((r) => {
        const [time, node, signal, value] = [Number(r[0]), r[1] ?? '', r[2] ?? '', Number(r[3])];
        times.add(time);
        const ok =
          r.length === 4 && nodes.has(node) && SIGNALS.includes(signal as never) && Number.isFinite(value);
        return !ok || time % 10 !== 0;
      });
      expect(bad).toEqual([]);
      expect(Math.min(...times)).toBe(anomalyTime - LOOKBACK_S);
      expect(Math.max(...times)).toBe(anomalyTime + AFTER_S - 10);
      expect(times.size).toBe((LOOKBACK_S + AFTER_S) / 10);
      // The entry service has no callers, so no inbound signals; a called service has them.
      const own = SIGNALS.filter((s) => !s.startsWith('inbound_'));
      const frontEnd = rows.filter((r) => r[1] === 'front-end');
      expect(frontEnd).toHaveLength(times.size * own.length);
      const catalogue = new Set(rows.filter((r) => r[1] === 'catalogue').map((r) => r[2]));
      expect(catalogue).toContain('inbound_error_rate');
      expect(catalogue).toContain('inbound_latency_p99');
    }
  });

  it('shows the fault at the root cause itself', async () => {
    for (const d of dirs) {
      const c = JSON.parse(await read(d, 'case.json'));
      const truth = JSON.parse(await read(d, 'fault.json'));
      const rows = (await read(d, 'metrics.csv'))
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','));
      const series = (signal: string, during: boolean) => {
        const v = rows
          .filter((r) => r[1] === c.rootCause && r[2] === signal && Number(r[0]) >= c.anomalyTime === during)
          .map((r) => Number(r[3]));
        return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
      };
      if (truth.type === 'latency')
        expect(series('latency_p50', true)).toBeGreaterThan(series('latency_p50', false) + 100);
      if (truth.type === 'cpu') expect(series('cpu', true)).toBeGreaterThan(0.85);
      if (truth.type === 'error') expect(series('error_rate', true)).toBeGreaterThan(0.2);
      if (truth.type === 'outage') {
        const kind = sockshop.nodes.find((n) => n.name === c.rootCause)?.kind;
        if (kind === 'service') expect(series('requests', true)).toBe(0);
        else expect(series('error_rate', true)).toBe(1);
      }
    }
  });

  it('writes graph.csv with every caller -> callee edge of the topology', async () => {
    for (const d of dirs) {
      const [header, ...lines] = (await read(d, 'graph.csv')).trim().split('\n');
      expect(header).toBe('source,target');
      expect(lines).toContain('front-end,carts');
      expect(lines).toContain('carts,carts-db');
      expect(lines).toContain('shipping,rabbitmq');
      expect(lines).toContain('rabbitmq,queue-master');
      const graphNodes = new Set(lines.flatMap((l) => l.split(',')));
      expect(graphNodes).toEqual(new Set(sockshop.nodes.map((n) => n.name)));
      expect(graphNodes.has(JSON.parse(await read(d, 'case.json')).rootCause)).toBe(true);
    }
  });

  it('writes identical cases for the same seed', async () => {
    await writeCases({
      outDir: join(root, 'b'),
      count: 2,
      seed: 5,
      lookbackMs: LOOKBACK_S * 1000,
      afterMs: AFTER_S * 1000,
    });
    for (const d of (await readdir(join(root, 'b'))).sort()) {
      for (const f of ['case.json', 'metrics.csv', 'graph.csv', 'fault.json']) {
        expect(await read(join('b', d), f)).toBe(await read(join('a', d), f));
      }
    }
  });
});
