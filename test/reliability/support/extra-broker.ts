import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePortRun } from './ports.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/services.sh', import.meta.url));

export interface ExtraBrokerOptions {
  /** Also listen for SASL_PLAINTEXT (PLAIN) with these `user:password` pairs. */
  saslUsers?: string[];
  /** Also listen for SASL_SSL (SCRAM-SHA-256 and -512) with these `user:password` pairs. */
  scramUsers?: string[];
  /** On the SASL_SSL listener, require client certificates signed by this CA (a PEM file). */
  clientCa?: string;
}

/**
 * A Kafka broker of this test's own, beside the test services' broker: `services.sh
 * kafka-up` with other ports and a state directory in /tmp, so it can be stopped and
 * started (`kafka-stop` keeps its data) without touching anything else.
 */
export class ExtraBroker {
  private constructor(
    /** Client port (PLAINTEXT); the controller listens on port + 1. */
    readonly port: number,
    /** The SASL_PLAINTEXT port (port + 2) when SASL users were given. */
    readonly saslPort: number | undefined,
    /** The SASL_SSL port (port + 3) when SCRAM users were given. */
    readonly scramPort: number | undefined,
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(opts: ExtraBrokerOptions = {}): Promise<ExtraBroker> {
    const port = await freePortRun(4);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-broker-'));
    const sasl = opts.saslUsers !== undefined && opts.saslUsers.length > 0;
    const scram = opts.scramUsers !== undefined && opts.scramUsers.length > 0;
    const env = {
      ...process.env,
      FAULTLINE_KAFKA_PORT: String(port),
      FAULTLINE_KAFKA_STATE_DIR: dir,
      FAULTLINE_KAFKA_HEAP: '-Xms128m -Xmx384m',
      ...(sasl
        ? {
            FAULTLINE_KAFKA_SASL_PORT: String(port + 2),
            FAULTLINE_KAFKA_SASL_USERS: opts.saslUsers!.join(','),
          }
        : {}),
      ...(scram
        ? {
            FAULTLINE_KAFKA_SCRAM_PORT: String(port + 3),
            FAULTLINE_KAFKA_SCRAM_USERS: opts.scramUsers!.join(','),
          }
        : {}),
      ...(opts.clientCa ? { FAULTLINE_KAFKA_CLIENT_CA: opts.clientCa } : {}),
    };
    const broker = new ExtraBroker(port, sasl ? port + 2 : undefined, scram ? port + 3 : undefined, dir, env);
    await broker.start();
    return broker;
  }

  /** The self-signed certificate of the SASL_SSL listener, for clients to trust. */
  get caFile(): string {
    return join(this.dir, 'tls', 'broker.crt');
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** Starts the broker (again, on its existing data) and waits until it serves requests. */
  async start(): Promise<void> {
    await this.services('kafka-up');
  }

  /** Stops the broker (SIGTERM, by its pid file), keeping its data. */
  async stop(): Promise<void> {
    await this.services('kafka-stop');
  }

  /** Stops it and removes its state directory. */
  async destroy(): Promise<void> {
    await this.services('kafka-down').catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async services(command: string): Promise<void> {
    await run('bash', [script, command], { env: this.env, timeout: 180_000 });
  }
}
