import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, HttpErrorCode } from '../../core/http/http-errors.js';
import { NO_INPUT, paramsSchema } from '../route-schemas.js';

export interface DashboardRoutesOptions {
  /** The built dashboard: `index.html`, `manifest.json` and the assets it lists (`npm run build:ui`). */
  dir: string;
}

/** What `ui/build.ts` writes next to the assets: the only files ever served. */
interface Manifest {
  assets: string[];
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

interface Bundle {
  index: Asset;
  assets: Map<string, Asset>;
  manifestMtimeMs: number;
}

const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.[a-f0-9]{8,}\.(js|css|svg)$/;
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>faultline</title></head>
<body><main><h1>The dashboard is not built</h1>
<p>Run <code>npm run build:ui</code> (or <code>npm run build</code>) and reload. The API is under <code>/api/v1/</code>.</p>
</main></body></html>
`;

/** `dist/ui` under the package root: the same place from the sources (tsx) and from `dist/`. */
export function defaultDashboardDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(dir, 'dist', 'ui');
}

/**
 * `GET /`: the dashboard page (`no-cache`, revalidated by ETag). `GET /assets/<name>`: its
 * content-hashed scripts and styles (cached for a year, immutable). Only the files the
 * build's manifest lists are served, from memory, so no request path ever reaches the file
 * system. The bundle is re-read when the manifest changes (a rebuild while running); before
 * the first build `/` answers 503 with how to build it.
 */
export const dashboardRoutes: FastifyPluginAsync<DashboardRoutesOptions> = async (app, { dir }) => {
  let bundle: Bundle | undefined;
  let warned = false;

  const current = async (): Promise<Bundle | undefined> => {
    try {
      const mtime = (await stat(join(dir, 'manifest.json'))).mtimeMs;
      if (bundle?.manifestMtimeMs !== mtime) bundle = await loadBundle(dir, mtime);
    } catch (err) {
      if (!warned) app.log.warn({ dir, err: (err as Error).message }, 'the dashboard is not built');
      warned = true;
    }
    return bundle;
  };

  app.get('/', { schema: NO_INPUT }, async (request, reply) => {
    const b = await current();
    if (b === undefined) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    void reply
      .header('content-security-policy', CSP)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer');
    return sendAsset(request, reply, b.index, 'no-cache');
  });

  app.get<{ Params: { name: string } }>(
    '/assets/:name',
    { schema: { params: paramsSchema('name') } },
    async (request, reply) => {
      const { name } = request.params;
      const asset = ASSET_NAME.test(name) ? (bundle ?? (await current()))?.assets.get(name) : undefined;
      if (asset === undefined) {
        return reply.code(404).send(errorBody(HttpErrorCode.NotFound, `no dashboard asset '${name}'`));
      }
      return sendAsset(request, reply, asset, 'public, max-age=31536000, immutable');
    },
  );
};

async function loadBundle(dir: string, manifestMtimeMs: number): Promise<Bundle> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const assets = new Map<string, Asset>();
  for (const name of manifest.assets) {
    const ext = ASSET_NAME.exec(name)?.[1];
    if (ext === undefined) throw new Error(`manifest.json lists '${name}', which is not an asset name`);
    assets.set(name, asset(await readFile(join(dir, name)), TYPES[ext] ?? 'application/octet-stream'));
  }
  const index = asset(await readFile(join(dir, 'index.html')), 'text/html; charset=utf-8');
  return { index, assets, manifestMtimeMs };
}

function asset(body: Buffer, type: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, type, etag };
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, a: Asset, cacheControl: string) {
  void reply
    .header('cache-control', cacheControl)
    .header('etag', a.etag)
    .header('x-content-type-options', 'nosniff');
  if (request.headers['if-none-match'] === a.etag) return reply.code(304).send();
  return reply.type(a.type).send(a.body);
}
