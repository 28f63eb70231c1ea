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

  it('prints one start-up summary (API, dashboard, OTLP, store, sources, SLOs) and no warning on defaults', async () => {
    const engine = spawnEngine(['serve'], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
    try {
      const running = await engine.waitForLog((e) => e.msg === 'faultline is running');
      expect(running).toMatchObject({
        api: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        dashboard: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/),
        otlp: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        store: 'memory',
        sources: ['otlp-http'],
        slos: 0,
      });
      await new Promise((r) => setTimeout(r, 2000));
      engine.child.kill('SIGTERM');
      expect(await engine.exited).toBe(0);
      const records = engine.lines.map((l) => JSON.parse(l) as { level: number; msg: string });
      // piped stdout: JSON lines, so machines can read them
      expect(records.length).toBe(engine.lines.length);
      expect(records.filter((r) => r.level >= 40)).toEqual([]);
      // regression: fastify's "Server listening at" lines and "engine configured" repeated the summary
      expect(records.filter((r) => /Server listening|engine configured/.test(r.msg))).toEqual([]);
      // the summary is the last start-up line: the lease line comes before it, nothing after
      // it until the shutdown, and a lease given up on purpose is not also reported lost
      const messages = records.map((r) => r.msg);
      const summary = messages.indexOf('faultline is running');
      expect(messages.indexOf('evaluation lease acquired')).toBeGreaterThanOrEqual(0);
      expect(messages.indexOf('evaluation lease acquired')).toBeLessThan(summary);
      expect(messages[summary + 1]).toBe('shutting down');
      expect(messages).toContain('evaluation lease released');
      expect(messages).not.toContain('evaluation lease lost');
    } finally {
      engine.child.kill('SIGKILL');
    }
  });

  it('writes readable lines, not JSON, with log.format pretty (what a terminal gets)', async () => {
    const engine = spawnEngine(['serve'], {
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_PORT: '0',
      FAULTLINE_LOG_FORMAT: 'pretty',
    });
    try {
      await expect
        .poll(() => engine.lines.some((l) => l.includes('faultline is running')), { timeout: 60_000 })
        .toBe(true);
      const line = engine.lines.find((l) => l.includes('faultline is running'))!;
      expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: faultline is running/);
      expect(() => JSON.parse(line)).toThrow();
      engine.child.kill('SIGTERM');
      expect(await engine.exited).toBe(0);
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
