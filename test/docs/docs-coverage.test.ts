import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ENV_OVERRIDES } from '../../config/env.js';
import { loadConfig } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { configFieldPaths } from '../../config/schema-fields.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { documentPaths, environmentVariables, uncommentYamlKeys } from './docs-coverage.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');
const allDocs = (): string =>
  ['README.md', ...readdirSync(`${ROOT}docs`).flatMap((f) => (f.endsWith('.md') ? [`docs/${f}`] : []))]
    .map(read)
    .join('\n');

/** The rows `| METHOD | /path | ... |` of docs/api.md, as "METHOD /path". */
function documentedRoutes(): Set<string> {
  const rows = read('docs/api.md').matchAll(/^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*(\/\S*)\s*\|/gm);
  return new Set([...rows].map((m) => `${m[1]} ${m[2]}`));
}

describe('the reference in docs/ covers what exists', () => {
  let parts: RunningParts;
  const routes = new Set<string>();

  beforeAll(async () => {
    // Every feature on (the defaults), so every route the engine can serve is registered.
    parts = await createEngine(loadConfig({}), { logger: silentLogger() });
    for (const component of [parts.api, parts.otlp]) {
      if (component === undefined) throw new Error('expected the OTLP/HTTP receiver on by default');
      component.app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') routes.add(`${method} ${route.url}`);
      });
      await component.app.ready();
    }
  });
  afterAll(async () => {
    await parts?.engine.close();
  });

  it('lists every route of the API and the OTLP receiver in docs/api.md', () => {
    expect(routes.size).toBeGreaterThan(15);
    const documented = documentedRoutes();
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
  });

  it('lists no route in docs/api.md that the engine does not serve', () => {
    expect([...documentedRoutes()].filter((r) => !routes.has(r))).toEqual([]);
  });

  it('describes every config field in docs/configuration.md', () => {
    const fields = configFieldPaths(configSchema);
    expect(fields).toContain('kafka.sasl.mechanism');
    expect(fields).toContain('alerting.notifiers.slack[].webhookUrl');
    const doc = read('docs/configuration.md');
    expect(fields.filter((f) => !doc.includes(`\`${f}\``))).toEqual([]);
  });

  it('shows every config field in faultline.example.yaml (commented-out examples count)', () => {
    const example = documentPaths(
      parseYaml(uncommentYamlKeys(read('faultline.example.yaml')), { uniqueKeys: false }),
    );
    expect(configFieldPaths(configSchema).filter((f) => !example.has(f))).toEqual([]);
  });

  it('parses faultline.example.yaml as a valid configuration', () => {
    expect(() => loadConfig({ file: `${ROOT}faultline.example.yaml`, env: {} })).not.toThrow();
  });

  it('names every environment override in docs/configuration.md', () => {
    const doc = read('docs/configuration.md');
    expect(ENV_OVERRIDES.map((o) => o.variable).filter((v) => !doc.includes(`\`${v}\``))).toEqual([]);
  });

  it('names every FAULTLINE_* variable the code or scripts read somewhere in the docs', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.sh', '.ci/run'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f !== '' && !f.startsWith('test/docs/'));
    const variables = environmentVariables(files.map((f) => ({ path: f, text: read(f) })));
    expect(variables).toContain('FAULTLINE_CHROMIUM');
    const docs = allDocs();
    expect(variables.filter((v) => !new RegExp(`\\b${v}\\b`).test(docs))).toEqual([]);
  });
});
