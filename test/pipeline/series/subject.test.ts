import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSubjectKey, type Subject, subjectKey } from '../../../pipeline/series/subject.js';

describe('subject keys', () => {
  it('are readable for ordinary names', () => {
    expect(subjectKey({ kind: 'service', service: 'checkout' })).toBe('svc:checkout');
    expect(subjectKey({ kind: 'edge', source: 'checkout', target: 'payment' })).toBe(
      'edge:checkout->payment',
    );
  });

  it('parse back to the same subject, whatever the names hold', () => {
    const name = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('-', '>', '%', '{', '}', ':', 'a', 'é') }),
    );
    const subject: fc.Arbitrary<Subject> = fc.oneof(
      name.map((service) => ({ kind: 'service' as const, service })),
      fc.tuple(name, name).map(([source, target]) => ({ kind: 'edge' as const, source, target })),
    );
    fc.assert(
      fc.property(subject, subject, (a, b) => {
        expect(parseSubjectKey(subjectKey(a))).toEqual(a);
        if (subjectKey(a) === subjectKey(b)) expect(a).toEqual(b);
      }),
    );
  });

  it('refuses strings that are not subject keys', () => {
    for (const bad of ['', 'checkout', 'edge:a>b', 'edge:a->b->c', 'edge:%zz->b']) {
      expect(parseSubjectKey(bad), bad).toBeUndefined();
    }
  });
});
