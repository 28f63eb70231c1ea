import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Builds the dashboard: bundles `ui/src/main.ts` and `ui/src/styles.css` with esbuild into
 * content-hashed assets, writes `index.html` pointing at them and `manifest.json` listing
 * them (the API serves only what the manifest lists). Run by `npm run build:ui`.
 */

const SRC = fileURLToPath(new URL('./src/', import.meta.url));
/** Where the API looks by default (`defaultDashboardDir()` in `api/routes/dashboard.ts`). */
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../dist/ui/', import.meta.url));

export interface BuildUiOptions {
  outDir?: string;
  minify?: boolean;
}

export interface BuildUiResult {
  outDir: string;
  assets: string[];
}

export async function buildUi(options: BuildUiOptions = {}): Promise<BuildUiResult> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const minify = options.minify ?? true;
  const result = await build({
    entryPoints: { app: join(SRC, 'main.ts'), style: join(SRC, 'styles.css') },
    bundle: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify,
    write: false,
    outdir: 'out',
    logLevel: 'silent',
    legalComments: 'none',
  });
  await mkdir(outDir, { recursive: true });
  const named = new Map<string, string>();
  for (const file of result.outputFiles) {
    const ext = file.path.endsWith('.css') ? 'css' : 'js';
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 12);
    const name = `${ext === 'css' ? 'style' : 'app'}.${hash}.${ext}`;
    named.set(ext, name);
    await writeAtomically(join(outDir, name), file.contents);
  }
  const script = named.get('js');
  const style = named.get('css');
  if (script === undefined || style === undefined) throw new Error('esbuild produced no script or style');
  const template = await readFile(join(SRC, 'index.html'), 'utf8');
  const html = template.replace('{{style}}', `/assets/${style}`).replace('{{script}}', `/assets/${script}`);
  await writeAtomically(join(outDir, 'index.html'), html);
  const assets = [script, style];
  await writeAtomically(join(outDir, 'manifest.json'), `${JSON.stringify({ assets }, null, 2)}\n`);
  // Assets of earlier builds are not served any more (the manifest lists only these).
  for (const f of await readdir(outDir)) {
    if (/\.[a-f0-9]{12}\.(js|css)$/.test(f) && !assets.includes(f))
      await rm(join(outDir, f), { force: true });
  }
  return { outDir, assets };
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, contents);
  await rename(tmp, path);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outDir, assets } = await buildUi({ minify: !process.argv.includes('--no-minify') });
  process.stdout.write(`dashboard built in ${outDir}: ${assets.join(', ')}\n`);
}
