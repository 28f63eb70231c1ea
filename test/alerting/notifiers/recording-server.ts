import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

/** Decides the answer to each request; `index` counts requests from 0. */
export type Responder = (request: RecordedRequest, index: number) => Answer | Promise<Answer>;

/**
 * A real HTTP server on 127.0.0.1 that records what it receives and answers as told: the
 * stand-in for Slack, a webhook receiver or a broken Alertmanager.
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = this.requests.length;
      this.requests.push(recorded);
      void Promise.resolve(this.responder(recorded, index)).then((answer) => {
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
  });

  constructor(public responder: Responder = () => ({ status: 200, body: 'ok' })) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The JSON bodies received so far. */
  json<T = unknown>(): T[] {
    return this.requests.map((r) => JSON.parse(r.body) as T);
  }
}
