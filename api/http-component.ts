import type { FastifyInstance } from 'fastify';
import type { Component } from '../engine/component.js';
import {
  allowedHostNames,
  applyServerLimits,
  defaultHttpLimits,
  type HttpServerLimits,
  installHostGuard,
} from './http-guard.js';

/** Host names to answer to beyond the defaults of `allowedHostNames`, and server limits. */
export interface HttpGuardOptions {
  allowedHosts?: readonly string[];
  limits?: Partial<HttpServerLimits>;
}

/** Runs a fastify app as an engine component: listen on start, stop accepting and drain on close. */
export class HttpComponent implements Component {
  private listening = false;

  constructor(
    readonly name: string,
    private readonly app: FastifyInstance,
    private readonly host: string,
    private readonly port: number,
    private readonly guard: HttpGuardOptions = {},
  ) {}

  async start(): Promise<void> {
    const allowed = allowedHostNames(this.host, this.guard.allowedHosts ?? []);
    if (allowed !== undefined) installHostGuard(this.app, allowed);
    applyServerLimits(this.app.server, { ...defaultHttpLimits, ...this.guard.limits });
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
