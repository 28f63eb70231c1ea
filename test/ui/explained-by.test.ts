import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../ui/src/api/types.js';
import { explainedBy } from '../../ui/src/views/explained-by.js';

const candidate = (rank: number, node: string, by: string | null = null): Candidate => ({
  rank,
  node,
  score: 10 - rank,
  explainedBy: by,
  evidence: { signals: [], path: [] },
});

describe('the "partly explained by" line of a candidate', () => {
  it('is never shown on the top candidate: every other node ranks below it', () => {
    const list = [candidate(1, 'carts', 'carts-db'), candidate(2, 'carts-db')];
    expect(explainedBy(list[0]!, list)).toBeUndefined();
  });

  it('never names a callee that is not ranked at all', () => {
    const list = [candidate(1, 'carts'), candidate(2, 'orders', 'redis-cache')];
    expect(explainedBy(list[1]!, list)).toBeUndefined();
  });

  it('names a callee ranked above the node it explains', () => {
    const list = [candidate(1, 'carts'), candidate(2, 'orders', 'carts')];
    expect(explainedBy(list[1]!, list)).toBe('carts');
  });
});
