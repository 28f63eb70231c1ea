import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigProblem, describeProblem } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';
import { sourceKinds, storeKind } from '../../config/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-config-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `config-${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults with no file: memory store, OTLP/HTTP, API on 127.0.0.1:8080', () => {
    const config = loadConfig();
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, allowedHosts: [] });
    expect(config.otlp.port).toBe(4318);
    expect(storeKind(config)).toBe('memory');
    expect(sourceKinds(config)).toEqual(['otlp-http']);
  });

  it('reads a file and fills in what it leaves out', () => {
    const config = loadConfig({
      file: file('kafka:\n  brokers: [127.0.0.1:9092]\n  topics:\n    spans: {encoding: otlp_json}\n'),
    });
    expect(config.kafka.topics.spans).toEqual({ name: 'otlp_spans', encoding: 'otlp_json' });
    expect(config.kafka.topics.metrics).toEqual({ name: 'otlp_metrics', encoding: 'otlp_proto' });
    expect(sourceKinds(config)).toEqual(['kafka', 'otlp-http']);
  });

  it('a malformed Redis URL ended in a stack trace, not a config error naming the field', () => {
    for (const url of ['redis://127.0.0.1:notaport', 'redis://:p%zz-secret@127.0.0.1:6379']) {
      const path = file(`redis:\n  url: "${url}"\n`);
      const err = problemsOf(() => loadConfig({ file: path }));
      expect(err.code).toBe('FL_CONFIG_INVALID');
      expect(err.problems.map((p) => [p.source, p.path])).toEqual([[path, 'redis.url']]);
      // the password is not echoed back
      expect(err.message).not.toContain('secret');
    }
  });

  it('an empty file means defaults', () => {
    expect(loadConfig({ file: file('') }).http.port).toBe(8080);
  });

  it('a Kafka broker list and a Redis URL from the environment switch source and store', () => {
    const config = loadConfig({
      env: { FAULTLINE_KAFKA_BROKERS: 'a:9092, b:9092', FAULTLINE_REDIS_URL: 'redis://127.0.0.1:6379' },
    });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9092']);
    expect(storeKind(config)).toBe('redis');
  });

  it('environment overrides win over the file', () => {
    const config = loadConfig({ file: file('http:\n  port: 9000\n'), env: { FAULTLINE_HTTP_PORT: '9100' } });
    expect(config.http.port).toBe(9100);
  });

  it('names the file, the field and what was expected for a wrong type', () => {
    const path = file('http:\n  port: eighty\n');
    const err = problemsOf(() => loadConfig({ file: path }));
    expect(err.code).toBe('FL_CONFIG_INVALID');
    expect(err.problems).toEqual([{ source: path, path: 'http.port', expected: 'expected a number' }]);
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    const path = file('kafka:\n  broker: [a:1]\n');
    const err = problemsOf(() => loadConfig({ file: path }));
    expect(err.problems).toEqual([
      {
        source: path,
        path: 'kafka',
        expected: expect.stringMatching(/^unknown field "broker": expected one of brokers, clientId, /),
      },
    ]);
  });

  it('rejects a value outside an enum and lists the choices', () => {
    const path = file('kafka:\n  topics:\n    metrics: {encoding: avro}\n');
    const err = problemsOf(() => loadConfig({ file: path }));
    expect(err.problems[0]?.path).toBe('kafka.topics.metrics.encoding');
    expect(err.problems[0]?.expected).toBe('expected one of "otlp_proto", "otlp_json"');
  });

  it('rejects out-of-range numbers and malformed broker addresses, all at once', () => {
    const path = file('http:\n  port: 70000\nkafka:\n  brokers: ["no-port"]\n');
    const err = problemsOf(() => loadConfig({ file: path }));
    expect(err.problems.map((p) => p.path).sort()).toEqual(['http.port', 'kafka.brokers.0']);
  });

  it('names the environment variable when an override is bad', () => {
    const err = problemsOf(() => loadConfig({ env: { FAULTLINE_HTTP_PORT: 'abc' } }));
    expect(err.problems).toEqual([
      { source: 'FAULTLINE_HTTP_PORT', path: 'http.port', expected: 'expected a number', variable: true },
    ]);
  });

  it('reports YAML syntax errors and unreadable files with their own code', () => {
    const bad = file('http: [unclosed\n');
    expect(problemsOf(() => loadConfig({ file: bad })).code).toBe('FL_CONFIG_UNREADABLE');
    expect(problemsOf(() => loadConfig({ file: join(dir, 'missing.yaml') })).code).toBe(
      'FL_CONFIG_UNREADABLE',
    );
  });

  it('rejects a document that is not a mapping', () => {
    const err = problemsOf(() => loadConfig({ file: file('- a\n- b\n') }));
    expect(err.problems[0]).toMatchObject({ path: '', expected: expect.stringContaining('a mapping') });
  });

  it('accepts the example configuration shipped in the repo', () => {
    const config = loadConfig({ file: new URL('../../faultline.example.yaml', import.meta.url).pathname });
    expect(config.kafka.brokers.length).toBeGreaterThan(0);
  });
});

describe('config problems read as sentences naming the source, the field and what was expected', () => {
  const problems: ConfigProblem[] = [
    { source: 'f.yaml', path: 'http.port', expected: 'expected a number' },
    { source: 'f.yaml', path: 'kafka', expected: 'unknown field "broker": expected one of brokers' },
    { source: 'FAULTLINE_HTTP_PORT', path: 'http.port', expected: 'expected a number', variable: true },
  ];
  it.each(problems.map((p) => [`${p.source} ${p.path}`, p] as const))('%s', (_name, problem) => {
    const sentence = describeProblem(problem);
    expect(sentence).toMatch(/^[A-Z].*\.$/);
    expect(sentence).not.toMatch(/: [a-z.]+: /); // not the old "file: field: expected" form
    for (const part of [problem.source, problem.path, problem.expected]) expect(sentence).toContain(part);
  });
  it('names the file when the whole document is the problem', () => {
    const sentence = describeProblem({
      source: 'f.yaml',
      path: '',
      expected: 'expected valid YAML at line 2',
    });
    expect(sentence).toMatch(/^f\.yaml .*expected valid YAML at line 2\.$/);
  });
});
