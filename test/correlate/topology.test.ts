import { describe, expect, it } from 'vitest';
import {
  calleeDiscounts,
  calleesOf,
  descendantsOf,
  downstreamPaths,
  inTopology,
} from '../../correlate/topology.js';

const edges = [
  { source: 'fe', target: 'a' },
  { source: 'fe', target: 'b' },
  { source: 'a', target: 'db' },
  { source: 'b', target: 'a' },
  { source: 'db', target: 'a' }, // a cycle
  { source: 'x', target: 'fe' },
  { source: 'a', target: 'a' }, // a self-call
];
const callees = calleesOf(edges);

describe('downstreamPaths', () => {
  it('reaches every callee transitively with a shortest path, through cycles', () => {
    const paths = downstreamPaths(callees, 'fe');
    expect([...paths.keys()].sort()).toEqual(['a', 'b', 'db', 'fe']);
    expect(paths.get('fe')).toEqual(['fe']);
    expect(paths.get('a')).toEqual(['fe', 'a']);
    expect(paths.get('db')).toEqual(['fe', 'a', 'db']);
  });

  it('does not go upstream', () => {
    expect(downstreamPaths(callees, 'fe').has('x')).toBe(false);
    expect([...downstreamPaths(callees, 'db').keys()].sort()).toEqual(['a', 'db']);
  });

  it('knows which nodes the topology names', () => {
    expect(inTopology(edges, 'x')).toBe(true);
    expect(inTopology(edges, 'nope')).toBe(false);
  });
});

describe('descendantsOf', () => {
  it('excludes the node itself even on a cycle', () => {
    expect([...descendantsOf(callees, 'a')]).toEqual(['db']);
    expect([...descendantsOf(callees, 'b')].sort()).toEqual(['a', 'db']);
  });
});

describe('calleeDiscounts', () => {
  const c = calleesOf([
    { source: 'caller', target: 'callee' },
    { source: 'callee', target: 'quiet' },
  ]);

  it('takes 1 - d * m / (m + s) of a caller with an anomalous callee, nothing of the callee', () => {
    const scores = new Map([
      ['caller', { score: 12, anomaly: 12 }],
      ['callee', { score: 10, anomaly: 10 }],
      ['quiet', { score: 2, anomaly: 2 }],
    ]);
    const d = calleeDiscounts(scores, c, 0.5, 3);
    expect(d.get('caller')?.by).toBe('callee');
    expect(d.get('caller')?.factor).toBeCloseTo(1 - (0.5 * 10) / 22, 12);
    // 'quiet' is below the anomalous threshold: it explains nothing.
    expect(d.get('callee')).toEqual({ factor: 1, by: null });
    expect(12 * d.get('caller')!.factor).toBeLessThan(10);
  });

  it('leaves a caller whose anomaly dominates nearly untouched, and does nothing at 0', () => {
    const scores = new Map([
      ['caller', { score: 1000, anomaly: 1000 }],
      ['callee', { score: 5, anomaly: 5 }],
    ]);
    expect(calleeDiscounts(scores, c, 0.5, 3).get('caller')!.factor).toBeGreaterThan(0.99);
    expect(calleeDiscounts(scores, c, 0, 3).get('caller')!.factor).toBe(1);
  });
});
