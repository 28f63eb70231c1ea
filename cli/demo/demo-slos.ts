import type { Sli, Slo } from '../../pipeline/slo/slo.js';

const allSpans = { operations: [], attributes: {} };

function slo(service: string, name: string, objective: number, sli: Sli, description: string): Slo {
  return {
    id: `${service}/${name}`,
    service,
    name,
    objective,
    periodMinutes: 30 * 1440,
    sli,
    labels: { team: 'demo' },
    description,
    runbookUrl: `https://runbooks.example.com/${service}`,
    origin: { file: '(demo)', format: 'native' },
  };
}

/** The SLOs of the demo: the services of the simulated Sock Shop an on-call team would watch. */
export function demoSlos(): Slo[] {
  const availability = (service: string) =>
    slo(
      service,
      'availability',
      0.999,
      { kind: 'availability', spans: allSpans },
      `${service} requests that succeed`,
    );
  return [
    availability('front-end'),
    slo(
      'front-end',
      'latency',
      0.99,
      { kind: 'latency', thresholdMs: 1000, spans: allSpans },
      'front-end requests answered within 1 s',
    ),
    availability('catalogue'),
    availability('carts'),
    availability('orders'),
    availability('payment'),
    availability('user'),
    availability('shipping'),
  ];
}
