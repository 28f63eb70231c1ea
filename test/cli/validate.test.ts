import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findProblems } from '../../cli/validate-problems.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-validate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const slo = (period: string, objective = 99.9) => `apiVersion: faultline/v1
slos:
  - service: checkout
    name: availability
    objective: ${objective}
    period: ${period}
    sli:
      availability: { operations: ["POST /checkout"] }
`;

describe('faultline validate: problems found without starting anything', () => {
  it('finds none in a sound config and a 30-day SLO', () => {
    const dir = dirWith({ 'slos.yaml': slo('30d'), 'faultline.yaml': 'slos:\n  files: [slos.yaml]\n' });
    const result = findProblems({ configFile: join(dir, 'faultline.yaml'), sloFiles: [], env: {} });
    expect(result).toEqual({ problems: [], slos: 1, files: 1 });
  });

  it('names the config file, the field and what was expected', () => {
    const dir = dirWith({ 'faultline.yaml': 'otlp:\n  grpcPort: many\n' });
    const file = join(dir, 'faultline.yaml');
    expect(findProblems({ configFile: file, sloFiles: [], env: {} }).problems).toEqual([
      { source: file, field: 'otlp.grpcPort', expected: 'expected a number' },
    ]);
  });

  it('names the SLO file, the SLO and field, and what was expected', () => {
    const dir = dirWith({ 'slos.yaml': slo('30d', 120) });
    const { problems } = findProblems({ sloFiles: [join(dir, 'slos.yaml')], env: {} });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      source: join(dir, 'slos.yaml'),
      field: 'checkout/availability: objective',
    });
  });

  it('reports alerting rules that name an SLO that is not loaded', () => {
    const dir = dirWith({
      'slos.yaml': slo('30d'),
      'faultline.yaml': 'alerting:\n  rules:\n    slos: { "cart/latency": sre-workbook }\n',
    });
    const { problems } = findProblems({
      configFile: join(dir, 'faultline.yaml'),
      sloFiles: [join(dir, 'slos.yaml')],
      env: {},
    });
    expect(problems).toEqual([
      {
        source: join(dir, 'faultline.yaml'),
        field: 'alerting.rules.slos',
        expected: "no SLO 'cart/latency' is loaded",
      },
    ]);
  });

  it('reports configured tiers unsafe for the period of an SLO they apply to', () => {
    const dir = dirWith({
      'slos.yaml': slo('7d'),
      'faultline.yaml': [
        'alerting:',
        '  rules:',
        '    default: tight',
        '    profiles:',
        '      tight:',
        '        - { severity: page, longWindow: 1h, shortWindow: 5m, factor: 10 }',
        '        - { severity: ticket, longWindow: 7d, shortWindow: 1h, factor: 0.5 }',
        '',
      ].join('\n'),
    });
    const file = join(dir, 'faultline.yaml');
    const { problems } = findProblems({ configFile: file, sloFiles: [join(dir, 'slos.yaml')], env: {} });
    expect(problems.map((p) => [p.source, p.field])).toEqual([
      [file, 'alerting.rules.profiles.tight.1.longWindow'],
      [file, 'alerting.rules.profiles.tight.1.factor'],
    ]);
    expect(problems.map((p) => p.expected).join('\n')).toMatch(/long window.*7d[\s\S]*factor above 1/);
  });

  it('finds the built-in tiers safe for a 1-day SLO: their windows scale with the period', () => {
    // before the tiers scaled, a 1-day SLO's long windows reached past its period (issue 17)
    const dir = dirWith({ 'slos.yaml': slo('1d') });
    expect(findProblems({ sloFiles: [join(dir, 'slos.yaml')], env: {} }).problems).toEqual([]);
  });

  it('as a process: prints one line per problem and exits 1; exits 0 when all is well', () => {
    const dir = dirWith({ 'good.yaml': slo('30d'), 'bad.yaml': slo('30d', 120) });
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'validate', ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      });
    const bad = run([join(dir, 'bad.yaml')]);
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim().split('\n')).toHaveLength(1);
    expect(bad.stdout).toContain(`${join(dir, 'bad.yaml')}: checkout/availability: objective: `);
    const good = run([join(dir, 'good.yaml')]);
    expect(good.status).toBe(0);
    expect(run(['--bogus']).status).toBe(2);
  }, 90_000);
});
