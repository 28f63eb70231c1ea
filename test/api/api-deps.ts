import type { ApiDeps } from '../../api/server.js';
import type { Clock } from '../../core/clock.js';
import { silentLogger } from '../../observability/logger.js';
import { EngineMetrics } from '../../observability/metrics.js';
import { MemorySeriesStore } from '../../pipeline/series/memory-series-store.js';
import { SloStatusReader } from '../../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../../pipeline/window/memory-window-store.js';

/** What every `buildApi` needs, empty: no SLOs, no series, always ready. Tests add the rest. */
export function bareApiDeps(
  clock: Clock,
): Pick<ApiDeps, 'logger' | 'metrics' | 'clock' | 'status' | 'series' | 'readiness'> {
  return {
    logger: silentLogger(),
    metrics: new EngineMetrics({ processMetrics: false }),
    clock,
    status: new SloStatusReader([], new MemoryWindowStore(), [5]),
    series: new MemorySeriesStore(),
    readiness: async () => [],
  };
}
