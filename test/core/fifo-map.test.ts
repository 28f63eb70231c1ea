import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FifoMap } from '../../core/fifo-map.js';

describe('FifoMap', () => {
  it('keeps keys in the order they were last set', () => {
    const m = new FifoMap<string, number>();
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 4);
    expect(m.entries()).toEqual([
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ]);
    expect(m.oldest()).toEqual(['b', 2]);
    m.delete('b');
    expect(m.oldest()).toEqual(['c', 3]);
    expect(m.get('a')).toBe(4);
    expect(m.size).toBe(2);
  });

  it('behaves like a Map deleted and set again, through any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        key: fc.integer({ max: 40, min: 0 }),
        value: fc.integer(),
      }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ max: 40, min: 0 }) }),
      fc.record({ kind: fc.constant('evict' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const m = new FifoMap<number, number>();
        const ref = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            ref.delete(o.key);
            ref.set(o.key, o.value);
            m.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            expect(m.delete(o.key)).toBe(ref.delete(o.key));
          } else {
            const first = ref.entries().next();
            expect(m.oldest()).toEqual(first.done ? undefined : first.value);
            if (!first.done) {
              ref.delete(first.value[0]);
              m.delete(first.value[0]);
            }
          }
        }
        expect(m.entries()).toEqual([...ref.entries()]);
        expect(m.size).toBe(ref.size);
      }),
      { numRuns: 200 },
    );
  });
});
