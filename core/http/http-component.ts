import type { FastifyInstance } from 'fastify';
import type { Component } from '../component.js';

/**
 * Where a server listens: the configured host and port until it is bound, then the bound
 * address (the port differs when the configured one is 0). Made before the server, so what
 * links to the server (alert and incident messages) can be built before it.
 */
export class ListenAddress {
  private bound: { host: string; port: number } | undefined;

  constructor(private readonly configured: { host: string; port: number }) {}

  /** The bound address once listening, the configured one before. */
  get(): { host: string; port: number } {
    return this.bound ?? { host: this.configured.host, port: this.configured.port };
  }

  /** The server's base URL for links (IPv6 hosts in brackets). */
  baseUrl(): string {
    const { host, port } = this.get();
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  /** Called by {@link HttpComponent} once it listens. */
  bind(address: { host: string; port: number }): void {
    this.bound = address;
  }
}

/** Runs a fastify app as an engine component: listen on start, stop accepting and drain on close. */
export class HttpComponent implements Component {
  private listening = false;

  constructor(
    readonly name: string,
    private readonly app: FastifyInstance,
    private readonly host: string,
    private readonly port: number,
    /** Told the bound address once listening. */
    readonly listenAddress = new ListenAddress({ host, port }),
  ) {}

  async start(): Promise<void> {
    await this.app.listen({ host: this.host, port: this.port });
    this.listening = true;
    this.listenAddress.bind(this.address());
  }

  /** The bound address, useful when the configured port is 0. */
  address(): { host: string; port: number } {
    const addr = this.app.server.address();
    if (addr === null || typeof addr === 'string') return { host: this.host, port: this.port };
    return { host: addr.address, port: addr.port };
  }

  async close(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await this.app.close();
  }
}
