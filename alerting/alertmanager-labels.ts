import { fingerprint } from './fingerprint.js';

/**
 * The labels as Alertmanager receives them. Alertmanager refuses a whole request when one
 * label name is not a Prometheus name, so names are made valid (`[a-zA-Z_][a-zA-Z0-9_]*`),
 * and empty values, which mean "no label" in Prometheus, are dropped.
 */
export function alertmanagerLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (value === '') continue;
    let valid = name.replace(/[^a-zA-Z0-9_]/g, '_');
    if (!/^[a-zA-Z_]/.test(valid)) valid = `_${valid}`;
    out[valid] = value;
  }
  return out;
}

/**
 * An alert's fingerprint: computed over exactly the labels Alertmanager receives, so it is
 * the fingerprint Alertmanager reports (and sends back in webhooks) for the same alert.
 */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  return fingerprint(alertmanagerLabels(labels));
}
