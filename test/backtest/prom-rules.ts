import type { BurnRateTier } from '../../alerting/burn-rate-rules.js';
import { windowName } from '../../core/duration.js';

/** Prometheus names of the two counters. */
export const REQUESTS = 'http_server_requests_total';
export const ERRORS = 'http_server_errors_total';

const ratioName = (minutes: number) => `slo:sli_error:ratio_rate${windowName(minutes)}`;
const alertName = (severity: string) => (severity === 'page' ? 'SLOBurnRatePage' : 'SLOBurnRateTicket');

export interface PromRuleOptions {
  tiers: readonly BurnRateTier[];
  /** 1 - objective, exactly as faultline computes it. */
  budget: number;
  forMs: number;
  keepFiringForMs: number;
}

/**
 * Prometheus recording rules for the error ratio over every window the tiers read, and one
 * multiwindow multi-burn-rate alert per severity (any of its tiers), with the tiers'
 * factors, `for` and `keep_firing_for`: what faultline evaluates, written as Prometheus
 * rules (Sloth's recording-rule names).
 */
export function promRules(o: PromRuleOptions): string {
  const windows = [...new Set(o.tiers.flatMap((t) => [t.shortWindowMinutes, t.longWindowMinutes]))].sort(
    (a, b) => a - b,
  );
  const lines = ['groups:', '  - name: slo-checkout-requests', '    interval: 1m', '    rules:'];
  for (const w of windows) {
    const range = windowName(w);
    lines.push(
      `      - record: ${ratioName(w)}`,
      `        expr: sum(rate(${ERRORS}[${range}])) / sum(rate(${REQUESTS}[${range}]))`,
    );
  }
  for (const severity of [...new Set(o.tiers.map((t) => t.severity))]) {
    const conditions = o.tiers
      .filter((t) => t.severity === severity)
      .map((t) => {
        const burn = (w: number) => `(${ratioName(w)} / ${o.budget} > ${t.factor})`;
        return `(${burn(t.longWindowMinutes)} and ${burn(t.shortWindowMinutes)})`;
      });
    lines.push(
      `      - alert: ${alertName(severity)}`,
      `        expr: ${conditions.join(' or ')}`,
      `        for: ${o.forMs / 1000}s`,
      `        keep_firing_for: ${o.keepFiringForMs / 1000}s`,
      `        labels: { severity: ${severity} }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface PromTestOptions {
  /** Cumulative values, one sample a minute from 0. */
  requests: readonly number[];
  errors: readonly number[];
  /** Minutes (from 0) at which to check which alerts fire. */
  evalMinutes: readonly number[];
  /** The alerts (by severity) expected to be firing at each checked minute. */
  firing: (minute: number, severity: 'page' | 'ticket') => boolean;
}

/** A `promtool test rules` file: the counters as input series and an alert check per minute and alert. */
export function promTest(rulesFile: string, o: PromTestOptions): string {
  const lines = [
    `rule_files: [${rulesFile}]`,
    'evaluation_interval: 1m',
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    `      - series: '${REQUESTS}{service="checkout"}'`,
    `        values: '${o.requests.join(' ')}'`,
    `      - series: '${ERRORS}{service="checkout"}'`,
    `        values: '${o.errors.join(' ')}'`,
    '    alert_rule_test:',
  ];
  for (const minute of o.evalMinutes) {
    for (const severity of ['page', 'ticket'] as const) {
      lines.push(`      - eval_time: ${minute}m`, `        alertname: ${alertName(severity)}`);
      if (o.firing(minute, severity))
        lines.push(`        exp_alerts: [{ exp_labels: { severity: ${severity} } }]`);
      else lines.push('        exp_alerts: []');
    }
  }
  return `${lines.join('\n')}\n`;
}
