import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { problemsOf, yamlDocs } from './helpers.js';

/** OpenSLO documents for the tests: valid ones that each test changes a little. */

export const FILE = 'slos/payment.yaml';
export const origin = { file: FILE, format: 'openslo' } as const;

export const spans = (operations: string[] = [], attributes: Record<string, string> = {}) => ({
  metricSource: { type: 'faultline', spec: { spans: { operations, attributes } } },
});
export const metric = (name: string, attributes?: Record<string, string>) => ({
  metricSource: { type: 'faultline', spec: { metric: name, ...(attributes && { attributes }) } },
});

/** A valid OpenSLO SLO document with an inline span ratio; tests override what they are about. */
export function sloDoc(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name: 'authorize', ...metadata },
    spec: {
      service: 'payment',
      indicator: {
        metadata: { name: 'authorize-spans' },
        spec: { ratioMetric: { counter: true, good: spans(['Authorize']), total: spans(['Authorize']) } },
      },
      timeWindow: [{ duration: '28d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: 0.999 }],
      ...spec,
    },
  };
}

export function sliDoc(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'openslo/v1', kind: 'SLI', metadata: { name }, spec };
}

export const parse = (...docs: unknown[]): Slo[] => parseSloDocuments(yamlDocs(...docs), FILE);
export const problems = (...docs: unknown[]) => problemsOf(() => parse(...docs));
export const at = (slo: string, path: string, expected: string) => ({ file: FILE, slo, path, expected });
