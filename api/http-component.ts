import type { FastifyInstance } from 'fastify';
import type { Component } from '../engine/component.js';

/** Runs a fastify app as an engine component: listen on start, stop accepting and drain on close. */
export class HttpComponent implements Component {
  private listening = false;

  constructor(
    readonly name: string,
    /** The app it serves; exposed so tests can list its routes. */
    readonly app: FastifyInstance,
    private readonly host: string,
    private readonly port: number,
  ) {}

  async start(): Promise<void> {
    await this.app.listen({ host: this.host, port: this.port });
    this.listening = true;
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
