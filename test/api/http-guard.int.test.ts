import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { HttpComponent, type HttpGuardOptions } from '../../core/http/http-component.js';
import { defaultHttpLimits } from '../../core/http/http-guard.js';
import { createEngine } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';

// Regressions: the API answered any Host (a page re-pointing its own name at 127.0.0.1 by
// DNS rebinding reached a loopback-bound engine from a browser), and neither server bounded
// slow request bodies or open connections.
let component: HttpComponent | undefined;
afterEach(async () => component?.close());

async function serve(guard: HttpGuardOptions, host = '127.0.0.1') {
  const app = Fastify();
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.post('/upload', async () => ({ ok: true }));
  component = new HttpComponent('test', app, host, 0, { guard });
  await component.start();
  return component.address().port;
}

function get(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += String(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves when the server closes `socket`, with what it wrote first. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (c) => {
      text += String(c);
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => {});
  });
}

describe('HTTP guard', () => {
  it('a loopback-bound API answered any Host name (DNS rebinding); now only loopback names and listed ones', async () => {
    const port = await serve({ allowedHosts: ['faultline.internal'] });
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'faultline.internal']) {
      expect([host, (await get(port, host)).status]).toEqual([host, 200]);
    }
    const evil = await get(port, `rebind.attacker.example:${port}`);
    expect(evil.status).toBe(421);
    expect(JSON.parse(evil.body).error.code).toBe('FL_API_HOST_NOT_ALLOWED');
  });

  it('a slow body held its socket and buffer for ever; now the request times out and the socket closes', async () => {
    const port = await serve({ limits: { requestTimeoutMs: 500, headersTimeoutMs: 500 } });
    const socket = connect(port, '127.0.0.1');
    const done = closed(socket);
    socket.write(
      `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n{"a":`,
    );
    // Node checks request timeouts every 30 s by default, so this waits at most that long.
    expect(await done).toMatch(/^HTTP\/1.1 408/);
  }, 60_000);

  it('one keep-alive socket could carry requests without end; now it closes after maxRequestsPerSocket', async () => {
    const port = await serve({ limits: { maxRequestsPerSocket: 2 } });
    const socket = connect(port, '127.0.0.1');
    const done = closed(socket);
    // requests one after the other on one keep-alive socket
    const answers: string[] = [];
    socket.on('data', (c) => answers.push(String(c)));
    for (let i = 1; i <= 3 && !socket.destroyed; i++) {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await new Promise<void>((resolve) => {
        const wait = () => (answers.length >= i || socket.destroyed ? resolve() : setTimeout(wait, 20));
        wait();
      });
    }
    await done;
    // the second answer says the socket closes; a request past it gets 503 (Node's way), not served
    expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 503']);
    expect(answers[1]).toMatch(/connection: close/i);
  }, 10_000);

  it('the engine applies the limits to both of its servers, API and OTLP/HTTP', async () => {
    const config = configSchema.parse({ http: { port: 0 }, otlp: { port: 0 }, alerting: { enabled: false } });
    const parts = createEngine(config, { logger: silentLogger(), slos: [] });
    try {
      await parts.api.start();
      await parts.otlp!.start();
      for (const c of [parts.api, parts.otlp!]) {
        const s = c.app.server;
        expect([
          c.name,
          s.headersTimeout,
          s.requestTimeout,
          s.keepAliveTimeout,
          s.maxRequestsPerSocket,
          s.maxConnections,
        ]).toEqual([
          c.name,
          defaultHttpLimits.headersTimeoutMs,
          defaultHttpLimits.requestTimeoutMs,
          defaultHttpLimits.keepAliveTimeoutMs,
          defaultHttpLimits.maxRequestsPerSocket,
          defaultHttpLimits.maxConnections,
        ]);
      }
    } finally {
      await parts.api.close();
      await parts.otlp!.close();
    }
  });

  it('open connections were not capped; past the cap new sockets are closed at once', async () => {
    const port = await serve({ limits: { maxConnections: 2 } });
    const held = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
    await Promise.all(held.map((s) => new Promise((r) => s.once('connect', r))));
    await new Promise((r) => setTimeout(r, 100));
    const extra = connect(port, '127.0.0.1');
    expect(await closed(extra)).toBe('');
    // the held ones still work
    held[0]!.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(await closed(held[0]!)).toMatch(/^HTTP\/1.1 200/);
    held[1]!.destroy();
  }, 10_000);
});
