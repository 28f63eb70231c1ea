import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../api/error-handler.js';
import { dashboardRoutes, defaultDashboardDir } from '../../api/routes/dashboard.js';
import { buildUi } from '../../ui/build.js';

let dir: string;
let app: FastifyInstance;
let assets: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-ui-'));
  ({ assets } = await buildUi({ outDir: join(dir, 'ui') }));
  app = Fastify();
  registerErrorHandler(app);
  await app.register(dashboardRoutes, { dir: join(dir, 'ui') });
});
afterAll(async () => {
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('dashboard route', () => {
  it('serves the page with no-cache, an ETag and a strict content security policy', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    for (const a of assets) expect(res.body).toContain(`/assets/${a}`);
    const again = await app.inject({ url: '/', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
  });

  it('serves the hashed assets with their content types, cached for good', async () => {
    const types: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
    };
    for (const a of assets) {
      const res = await app.inject({ url: `/assets/${a}` });
      expect(res.statusCode, a).toBe(200);
      expect(res.headers['content-type']).toBe(types[a.split('.').at(-1)!]);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.body.length).toBeGreaterThan(100);
    }
  });

  it('serves nothing but the listed assets: no traversal, no other files', async () => {
    for (const url of [
      '/assets/manifest.json',
      '/assets/index.html',
      '/assets/..%2Fmanifest.json',
      '/assets/..%2F..%2Fpackage.json',
      '/assets/%2e%2e%2findex.html',
      '/assets/app.000000000000.js',
      '/assets/',
      '/index.html',
      '/manifest.json',
      '/../package.json',
      '/assets/../../package.json',
    ]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/json');
    }
  });

  it('answers 503 with how to build it until the dashboard is built, then serves it', async () => {
    const later = join(dir, 'later');
    const unbuilt = Fastify();
    await unbuilt.register(dashboardRoutes, { dir: later });
    const before = await unbuilt.inject({ url: '/' });
    expect(before.statusCode).toBe(503);
    expect(before.body).toContain('npm run build:ui');
    await buildUi({ outDir: later });
    const after = await unbuilt.inject({ url: '/' });
    expect(after.statusCode).toBe(200);
    await unbuilt.close();
  });

  it('looks for the build in dist/ui under the package root', () => {
    expect(defaultDashboardDir()).toBe(join(process.cwd(), 'dist', 'ui'));
  });
});
