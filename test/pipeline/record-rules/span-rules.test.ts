import { describe, expect, it } from 'vitest';
import {
  isFailedServerSpan,
  isServedRequest as isServedSpan,
} from '../../../pipeline/record-rules/span-rules.js';

describe('isFailedServerSpan', () => {
  it.each([
    [{ status: 'error' }, true],
    [{ status: 'ok', httpStatus: 500 }, true],
    [{ status: 'unset', httpStatus: 503 }, true],
    [{ status: 'unset', httpStatus: 499 }, false],
    [{ status: 'unset', httpStatus: 404 }, false],
    ...[2, 4, 12, 13, 14, 15].map((rpcStatus) => [{ status: 'unset', rpcStatus }, true] as const),
    ...[0, 1, 3, 5, 6, 7, 8, 9, 10, 11, 16].map(
      (rpcStatus) => [{ status: 'unset', rpcStatus }, false] as const,
    ),
    [{ status: 'ok' }, false],
  ] as const)('%o -> %s', (span, failed) => {
    expect(isFailedServerSpan(span)).toBe(failed);
  });

  it('counts only server and consumer spans as served', () => {
    expect(
      ['server', 'consumer', 'client', 'producer', 'internal'].map((kind) => isServedSpan({ kind } as never)),
    ).toEqual([true, true, false, false, false]);
  });
});
