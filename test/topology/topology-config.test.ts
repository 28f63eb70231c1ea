import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { loadConfig } from '../../config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-topology-config-'));

function problemsOf(text: string, env: Record<string, string> = {}): ConfigError['problems'] {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  try {
    loadConfig({ file: path, env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('topology configuration', () => {
  it('has defaults', () => {
    expect(loadConfig().topology).toEqual({
      enabled: true,
      waitMs: 10_000,
      maxPendingSpans: 100_000,
      maxEdges: 10_000,
      edgeTtlMs: 3_600_000,
      sliceMs: 60_000,
      retentionMs: 86_400_000,
      flushIntervalMs: 5000,
    });
  });

  it('takes environment overrides', () => {
    const config = loadConfig({
      env: {
        FAULTLINE_TOPOLOGY_ENABLED: 'false',
        FAULTLINE_TOPOLOGY_WAIT_MS: '2000',
        FAULTLINE_TOPOLOGY_EDGE_TTL_MS: '600000',
      },
    });
    expect(config.topology).toMatchObject({ enabled: false, waitMs: 2000, edgeTtlMs: 600_000 });
  });

  it('names the bad field', () => {
    expect(problemsOf('topology:\n  waitMs: 10\n')).toEqual([
      expect.objectContaining({ path: 'topology.waitMs' }),
    ]);
    expect(problemsOf('topology:\n  wait: 10000\n')).toEqual([expect.objectContaining({ path: 'topology' })]);
    expect(problemsOf('topology:\n  edgeTtlMs: 86400000\n  sliceMs: 1000\n')).toEqual([
      expect.objectContaining({ path: 'topology.sliceMs' }),
    ]);
    expect(problemsOf('topology:\n  retentionMs: 60000\n')).toEqual([
      expect.objectContaining({ path: 'topology.retentionMs' }),
    ]);
    expect(problemsOf('', { FAULTLINE_TOPOLOGY_WAIT_MS: 'soon' })).toEqual([
      expect.objectContaining({ source: 'FAULTLINE_TOPOLOGY_WAIT_MS', path: 'topology.waitMs' }),
    ]);
  });
});
