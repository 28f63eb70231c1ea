import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpComponent, type HttpGuardOptions } from '../../core/http/http-component.js';

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
