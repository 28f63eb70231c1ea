import type { Component, HealthCheck } from '../core/component.js';
import type { Logger } from '../observability/logger.js';

/**
 * Starts components in order and closes them in reverse, so a source stops feeding before
 * the store it writes to goes away. A failed start closes what already started.
 */
export class Engine {
  private started: Component[] = [];
  private closing: Promise<void> | undefined;

  constructor(
    private readonly components: readonly Component[],
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    for (const c of this.components) {
      try {
        await c.start();
        this.started.push(c);
        this.logger.debug({ component: c.name }, 'component started');
      } catch (err) {
        this.logger.error({ err, component: c.name }, 'component failed to start');
        await this.close();
        throw err;
      }
    }
  }

  /** Every component's readiness; components without a check are not listed. */
  readiness(): Promise<HealthCheck[]> {
    return readinessOf(this.components);
  }

  /** Idempotent: a second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    for (const c of [...this.started].reverse()) {
      try {
        await c.close();
      } catch (err) {
        this.logger.error({ err, component: c.name }, 'component failed to close');
      }
    }
    this.started = [];
  }
}

/** The readiness of `components`; those without a check are not listed, a check that throws is not ready. */
export function readinessOf(components: readonly Component[]): Promise<HealthCheck[]> {
  const checks = components.flatMap((c) => (c.check ? [c] : []));
  return Promise.all(
    checks.map(async (c) => {
      try {
        return await c.check!();
      } catch (err) {
        return { name: c.name, ok: false, detail: (err as Error).message };
      }
    }),
  );
}
