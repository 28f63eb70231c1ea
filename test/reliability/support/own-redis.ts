import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portOpen, waitFor } from './ports.js';

export interface OwnRedisOptions {
  /** `requirepass`: clients must AUTH. */
  password?: string;
  /** An ACL user with every permission, beside the default user. */
  user?: { name: string; password: string };
  /**
   * Serve TLS only (no plain port) with this certificate; with `requireClientCert`, clients
   * must present one signed by `caFile`.
   */
  tls?: { certFile: string; keyFile: string; caFile: string; requireClientCert?: boolean };
  /** Append-only file with fsync on every write, so a stop and start keeps the data. */
  persistent?: boolean;
}

/**
 * A `redis-server` this test starts and stops itself, on a free loopback port, in the
 * foreground as a child process (so it is stopped by its own pid, never by name), with its
 * own directory. The shared Redis of the test services is never touched.
 */
export class OwnRedis {
  readonly port: number;
  readonly dir: string;
  private child: ChildProcess | undefined;

  private constructor(
    port: number,
    private readonly opts: OwnRedisOptions,
  ) {
    this.port = port;
    this.dir = mkdtempSync(join(tmpdir(), 'faultline-own-redis-'));
  }

  static async start(opts: OwnRedisOptions = {}): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort(), opts);
    await redis.start();
    return redis;
  }

  /** The URL a client uses, with the password when there is one. */
  get url(): string {
    const auth = this.opts.password === undefined ? '' : `:${encodeURIComponent(this.opts.password)}@`;
    return `${this.opts.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server (again, with the same directory) and waits until it answers. */
  async start(): Promise<void> {
    const args = ['--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--daemonize', 'no'];
    if (this.opts.tls) {
      args.push('--port', '0', '--tls-port', String(this.port));
      args.push('--tls-auth-clients', this.opts.tls.requireClientCert ? 'yes' : 'no');
      args.push('--tls-cert-file', this.opts.tls.certFile, '--tls-key-file', this.opts.tls.keyFile);
      args.push('--tls-ca-cert-file', this.opts.tls.caFile);
    } else {
      args.push('--port', String(this.port));
    }
    if (this.opts.password !== undefined) args.push('--requirepass', this.opts.password);
    const user = this.opts.user;
    if (user !== undefined) args.push('--user', user.name, 'on', `>${user.password}`, '~*', '&*', '+@all');
    args.push('--appendonly', this.opts.persistent ? 'yes' : 'no');
    if (this.opts.persistent) args.push('--appendfsync', 'always');
    const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    await waitFor(
      `own redis-server on ${this.port} (${stderr})`,
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited: ${stderr}`);
        return portOpen(this.port);
      },
      20_000,
      100,
    );
  }

  /** SIGTERM to our redis-server (it writes its append-only file and exits); waits for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops the server and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
