/** The outcome of one readiness check, as `/readyz` reports it. */
export interface HealthCheck {
  name: string;
  ok: boolean;
  /** Short human-readable detail: the adapter in use, or why it is not ready. */
  detail: string;
}

/**
 * A long-lived part of the engine (a source, the store, the HTTP server). The engine starts
 * components in order and closes them in reverse; `close()` must drain and release every
 * timer, socket and connection, and be safe to call twice.
 */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  close(): Promise<void>;
  /** Whether the dependency behind this component is reachable now. */
  check?(): Promise<HealthCheck>;
}
