import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** Metrics made by the real OpenTelemetry JS SDK for `service`: a counter, a histogram and a gauge. */
export async function sdkMetrics(service: string): Promise<ResourceMetrics> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    readers: [reader],
  });
  const meter = provider.getMeter('faultline-test');
  const requests = meter.createCounter('http.server.requests');
  const duration = meter.createHistogram('http.server.request.duration', { unit: 's' });
  meter.createObservableGauge('process.cpu.utilization').addCallback((r) => r.observe(0.42));
  for (let i = 0; i < 20; i++) {
    requests.add(1, { 'http.response.status_code': i % 10 === 0 ? 500 : 200 });
    duration.record(0.01 * (i + 1));
  }
  const collected = await reader.collect();
  await provider.shutdown();
  return collected.resourceMetrics;
}
