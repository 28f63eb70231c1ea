import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus metric faultline exposes about itself, declared in one place so names
 * and labels stay consistent. Each engine owns one registry (no global state), which keeps
 * several engines in one test process apart.
 */
export class EngineMetrics {
  readonly registry = new Registry();

  readonly ingestMessages = new Counter({
    name: 'faultline_ingest_messages_total',
    help: 'Telemetry messages (Kafka records or OTLP/HTTP requests) received.',
    labelNames: ['source', 'signal'] as const,
    registers: [this.registry],
  });

  readonly ingestRecords = new Counter({
    name: 'faultline_ingest_records_total',
    help: 'Spans and metric data points decoded from received messages.',
    labelNames: ['source', 'signal'] as const,
    registers: [this.registry],
  });

  readonly ingestBytes = new Counter({
    name: 'faultline_ingest_bytes_total',
    help: 'Payload bytes received, before decompression.',
    labelNames: ['source', 'signal'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'faultline_ingest_dead_letters_total',
    help: 'Kafka messages that could not be decoded and were written to the dead-letter topic.',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  readonly rejectedRequests = new Counter({
    name: 'faultline_ingest_rejected_requests_total',
    help: 'OTLP/HTTP and OTLP/gRPC requests answered with an error status, by reason.',
    labelNames: ['signal', 'reason'] as const,
    registers: [this.registry],
  });

  readonly invalidRecords = new Counter({
    name: 'faultline_ingest_invalid_records_total',
    help: 'Decoded spans and data points refused because a field is invalid (e.g. an all-zero trace id).',
    labelNames: ['source', 'reason'] as const,
    registers: [this.registry],
  });

  readonly truncatedValues = new Counter({
    name: 'faultline_ingest_truncated_values_total',
    help: 'Decoded values cut to their bound, by kind (name: service, peer or metric name past 256 characters; attribute: attribute value past 1024).',
    labelNames: ['source', 'kind'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'faultline_kafka_consumer_lag',
    help: 'Messages between the high watermark and the last processed offset, per partition.',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly kafkaPaused = new Gauge({
    name: 'faultline_kafka_consumer_paused',
    help: '1 while Kafka consumption is paused because the pipeline cannot store batches (e.g. Redis is down), else 0.',
    registers: [this.registry],
  });

  readonly kafkaBufferedBytes = new Gauge({
    name: 'faultline_kafka_buffered_bytes',
    help: 'Bytes of Kafka messages fetched and not yet durable in the pipeline (bounded by kafka.maxBufferedBytes).',
    registers: [this.registry],
  });

  readonly sinkFailures = new Counter({
    name: 'faultline_ingest_sink_failures_total',
    help: 'Batch writes the pipeline refused (store unavailable); Kafka batches are retried, OTLP/HTTP requests get 503.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  /** Kept current by the collector each owner registers with {@link countOverflow}. */
  readonly cardinalityOverflow = new Counter({
    name: 'faultline_cardinality_overflow_total',
    help: 'Records past a cardinality limit, by limit (series_subjects, series_metric_names, topology_edges); they go to an overflow series or edge, or are dropped.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
    // A scrape (or `get()`) first adds what each source counted since the last one.
    collect: () => this.collectOverflow(),
  });

  private readonly overflowSources = new Map<string, { read: () => number; reported: number }>();

  readonly batchSeconds = new Histogram({
    name: 'faultline_ingest_batch_seconds',
    help: 'Time to decode and hand over one batch to the pipeline.',
    labelNames: ['source'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly lateRecords = new Counter({
    name: 'faultline_pipeline_late_records_total',
    help: 'Spans and points older than the allowed lateness: not counted in any SLI window.',
    labelNames: ['signal'] as const,
    registers: [this.registry],
  });

  readonly futureRecords = new Counter({
    name: 'faultline_pipeline_future_records_total',
    help: 'Spans and points stamped more than 5 minutes ahead of the engine clock: not counted in any SLI window.',
    labelNames: ['signal'] as const,
    registers: [this.registry],
  });

  readonly duplicateDeltas = new Counter({
    name: 'faultline_pipeline_duplicate_deltas_total',
    help: 'Redelivered Kafka messages skipped because their counts were already applied, per SLO (one message skipped for two SLOs counts 2).',
    registers: [this.registry],
  });

  readonly loopErrors = new Counter({
    name: 'faultline_background_errors_total',
    help: 'Errors caught at the edge of a background loop, by component.',
    labelNames: ['component'] as const,
    registers: [this.registry],
  });

  readonly topologyUnpairedSpans = new Counter({
    name: 'faultline_topology_unpaired_spans_total',
    help: 'Spans that did not pair into a topology edge, by reason (store_full, client_expired, client_virtual, server_expired, no_parent).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly topologyDuplicateSpans = new Counter({
    name: 'faultline_topology_duplicate_spans_total',
    help: 'Spans delivered again (same trace and span id) and ignored by span pairing.',
    registers: [this.registry],
  });

  readonly topologyEdgeCalls = new Counter({
    name: 'faultline_topology_edge_calls_total',
    help: 'Calls completed along topology edges, by connection type (direct, messaging, database, virtual).',
    labelNames: ['connection_type'] as const,
    registers: [this.registry],
  });

  readonly topologyPendingSpans = new Gauge({
    name: 'faultline_topology_pending_spans',
    help: 'Spans waiting in the pairing store for their other side.',
    registers: [this.registry],
  });

  readonly topologyDroppedCalls = new Counter({
    name: 'faultline_topology_dropped_calls_total',
    help: 'Edge calls dropped before reaching the graph store because too many edge updates were pending.',
    registers: [this.registry],
  });

  readonly alertEvaluationSeconds = new Histogram({
    name: 'faultline_alert_evaluation_seconds',
    help: 'Time to evaluate every SLO alert rule once and commit the alert state.',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [this.registry],
  });

  readonly alertTransitions = new Counter({
    name: 'faultline_alert_transitions_total',
    help: 'Alert state changes (inactive, pending, firing, resolved), by alert name and severity.',
    labelNames: ['alertname', 'severity', 'from', 'to'] as const,
    registers: [this.registry],
  });

  readonly alerts = new Gauge({
    name: 'faultline_alerts',
    help: 'Alerts that are pending, firing or recently resolved, as of the last evaluation on this instance.',
    labelNames: ['state', 'severity'] as const,
    registers: [this.registry],
  });

  readonly alertingLeader = new Gauge({
    name: 'faultline_alerting_leader',
    help: '1 while this instance holds the evaluation lease (evaluates and re-sends alerts), else 0.',
    registers: [this.registry],
  });

  readonly notificationsSent = new Counter({
    name: 'faultline_notifications_total',
    help: 'Alert transitions a notifier accepted.',
    labelNames: ['notifier'] as const,
    registers: [this.registry],
  });

  readonly notificationsDropped = new Counter({
    name: 'faultline_notifications_dropped_total',
    help: 'Alert transitions given up on after the last delivery attempt failed.',
    labelNames: ['notifier'] as const,
    registers: [this.registry],
  });

  readonly notifierRequests = new Counter({
    name: 'faultline_notifier_requests_total',
    help: 'HTTP requests notifiers made, by outcome (ok, rate_limited, rejected, server_error, timeout, network; api_error: Slack answered ok=false).',
    labelNames: ['notifier', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Counted by the alert dispatcher: one per notify or resend call that rejected or timed out. */
  readonly notifierFailures = new Counter({
    name: 'faultline_notifier_failures_total',
    help: 'Notifications a notifier failed to deliver (notify or resend calls that rejected).',
    labelNames: ['notifier'] as const,
    registers: [this.registry],
  });

  readonly unauthorizedRequests = new Counter({
    name: 'faultline_http_unauthorized_requests_total',
    help: 'Requests answered 401 because they lacked valid credentials, by scope (api, ingest, slack: a bad Slack signature).',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });

  readonly receiverRequests = new Counter({
    name: 'faultline_alertmanager_webhook_requests_total',
    help: 'Alertmanager webhook deliveries received, by outcome (accepted, unauthorized, invalid).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly receiverRefusedAlerts = new Counter({
    name: 'faultline_alertmanager_webhook_refused_alerts_total',
    help: 'External alerts of accepted webhooks that were not kept, by reason (time_out_of_range, too_large).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly externalAlertsEvicted = new Counter({
    name: 'faultline_alertmanager_alerts_evicted_total',
    help: 'External alerts forgotten before their retention, the least recently recorded first, to keep the store within 10 000 alerts and 32 MiB.',
    registers: [this.registry],
  });

  readonly receiverAlerts = new Counter({
    name: 'faultline_alertmanager_webhook_alerts_total',
    help: 'External alerts received from Alertmanager webhooks, by status (firing, resolved).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  readonly rootCauseSeconds = new Histogram({
    name: 'faultline_rootcause_seconds',
    help: 'Time to gather series and rank root-cause candidates once, by who asked (api, incident, alert).',
    labelNames: ['source'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [this.registry],
  });

  readonly incidentsOpen = new Gauge({
    name: 'faultline_incidents_open',
    help: 'Open incidents, as of the last incident update on this instance.',
    registers: [this.registry],
  });

  readonly incidentEvents = new Counter({
    name: 'faultline_incident_events_total',
    help: 'Incident changes committed, by event (opened, alert_joined, alert_resolved, top_changed, resolved).',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'faultline_' });
  }

  /**
   * Reports a component's own running count of records past a cardinality limit (a pure
   * component such as the series aggregator keeps a plain number) as
   * `faultline_cardinality_overflow_total{limit}`.
   */
  countOverflow(limit: string, read: () => number): void {
    this.overflowSources.set(limit, { read, reported: 0 });
  }

  private collectOverflow(): void {
    for (const [limit, s] of this.overflowSources) {
      const now = s.read();
      if (now > s.reported) this.cardinalityOverflow.inc({ limit }, now - s.reported);
      s.reported = Math.max(s.reported, now);
    }
  }
}
