import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnEngine } from '../support/engine-process.js';

describe('faultline serve (a real process)', () => {
  it('starts on embedded defaults, answers healthz and exits 0 on SIGTERM', async () => {
    const engine = spawnEngine(['serve'], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
    try {
      const running = await engine.waitForLog((e) => e.msg === 'faultline is running');
      const res = await fetch(`${String(running.api)}/healthz`);
      expect(res.status).toBe(200);
      engine.child.kill('SIGTERM');
      expect(await engine.exited).toBe(0);
      expect(engine.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    } finally {
      engine.child.kill('SIGKILL');
    }
  });

  it('exits on SIGINT too', async () => {
    const engine = spawnEngine([], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
    try {
      await engine.waitForLog((e) => e.msg === 'faultline is running');
      engine.child.kill('SIGINT');
      expect(await engine.exited).toBe(0);
    } finally {
      engine.child.kill('SIGKILL');
    }
  });

  it('fails at start-up with exit 2, naming the file, the field and what was expected', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-cli-')), 'bad.yaml');
    writeFileSync(file, 'otlp:\n  maxBodyBytes: many\n');
    const engine = spawnEngine(['serve', '--config', file]);
    expect(await engine.exited).toBe(2);
    expect(engine.stderr()).toContain(file);
    expect(engine.stderr()).toContain('otlp.maxBodyBytes');
    expect(engine.stderr()).toContain('FL_CONFIG_INVALID');
  });

  it('rejects an unknown subcommand with usage', async () => {
    const engine = spawnEngine(['frobnicate']);
    expect(await engine.exited).toBe(2);
    expect(engine.stderr()).toContain("unknown command 'frobnicate'");
  });
});
