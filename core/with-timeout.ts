/**
 * `p`, or a rejection with `onTimeout()` (by default an Error naming the wait) when it has
 * not settled within `ms`. The timer never keeps the process alive and is cleared as soon
 * as `p` settles; `p` itself runs on (a promise cannot be cancelled).
 */
export function withTimeout<T>(
  p: Promise<T>,
  ms: number,
  onTimeout: () => Error = () => new Error(`no answer within ${ms} ms`),
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
