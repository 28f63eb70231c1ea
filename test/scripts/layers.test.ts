import { describe, expect, it } from 'vitest';
import { layerViolations } from '../../scripts/layers.js';

describe('layerViolations', () => {
  it('reports an import that goes up the layer order', () => {
    const graph = {
      'correlate/rank.ts': ['alerting/alert.ts', 'topology/model.ts'],
      'core/component.ts': ['engine/engine.ts'],
    };
    expect(layerViolations(graph)).toEqual([
      { from: 'correlate/rank.ts', to: 'alerting/alert.ts' },
      { from: 'core/component.ts', to: 'engine/engine.ts' },
    ]);
  });

  it('allows imports down the order, within a folder, within a tier, and outside the layered folders', () => {
    const graph = {
      'alerting/alert.ts': ['correlate/rank.ts', 'core/clock.ts', 'alerting/lease.ts'],
      'cli/main.ts': ['engine/engine.ts', 'api/server.ts'],
      'observability/metrics.ts': ['core/clock.ts'],
      'test/x.test.ts': ['cli/main.ts'],
      'ingest/records.ts': ['node_modules/x.js'],
    };
    expect(layerViolations(graph)).toEqual([]);
  });
});
