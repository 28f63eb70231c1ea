import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { problemsOf, yamlDocs } from './helpers.js';

export const FILE = 'slos/checkout.yaml';
export const origin = { file: FILE, format: 'native' } as const;

/** A valid native SLO entry; tests override what they are about. */
export function entry(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    service: 'checkout',
    name: 'availability',
    objective: 99.9,
    period: '30d',
    sli: { availability: {} },
    ...fields,
  };
}

export function parse(...entries: unknown[]): Slo[] {
  return parseSloDocuments(yamlDocs({ slos: entries }), FILE);
}

export function problems(...entries: unknown[]) {
  return problemsOf(() => parse(...entries));
}
