import { CompressionTypes, Kafka, logLevel, type Message, type Producer } from 'kafkajs';
import { FaultlineError } from '../../core/faultline-error.js';
import { type Emitter, payloadJson, type SimPayload } from '../emitter.js';
import { SimErrorCode } from '../errors.js';

/** Options of {@link KafkaEmitter}. */
export interface KafkaEmitterOptions {
  /** `host:port` list; ignored when `kafka` is given. */
  brokers?: string[];
  /** A ready kafkajs client to use instead of one built from `brokers`. */
  kafka?: Kafka;
  clientId?: string;
  /** Topic names, as the Collector's Kafka exporter writes them (defaults `otlp_spans`, `otlp_metrics`). */
  topics?: { spans?: string; metrics?: string };
  /** `otlp_proto` (default, the exporter's default) or `otlp_json`. */
  encoding?: 'otlp_proto' | 'otlp_json';
  /** Messages buffered before a send (default 200). */
  batchMessages?: number;
  /** Compression of produced batches (default none). */
  compression?: 'none' | 'gzip';
}

/**
 * Writes payloads to Kafka as the OpenTelemetry Collector's `kafka` exporter does: value =
 * OTLP `TracesData` / `MetricsData` bytes. A payload holding one trace is keyed by its trace
 * id in hex (the exporter's `partition_traces_by_id`); other payloads have no key.
 * Messages are buffered and sent in batches with `acks: -1`; `close()` sends the rest.
 */
export class KafkaEmitter implements Emitter {
  private readonly producer: Producer;
  private readonly spans: string;
  private readonly metrics: string;
  private readonly batchMessages: number;
  private readonly buffer = new Map<string, Message[]>();
  private buffered = 0;
  private connected: Promise<void> | undefined;
  /** Messages written so far. */
  sent = 0;

  constructor(private readonly options: KafkaEmitterOptions) {
    const kafka =
      options.kafka ??
      new Kafka({
        clientId: options.clientId ?? 'faultline-sim',
        brokers: options.brokers ?? ['127.0.0.1:9092'],
        logLevel: logLevel.NOTHING,
      });
    this.producer = kafka.producer({ allowAutoTopicCreation: true });
    this.spans = options.topics?.spans ?? 'otlp_spans';
    this.metrics = options.topics?.metrics ?? 'otlp_metrics';
    this.batchMessages = options.batchMessages ?? 200;
  }

  async emit(payload: SimPayload): Promise<void> {
    const value =
      this.options.encoding === 'otlp_json' ? Buffer.from(payloadJson(payload)) : Buffer.from(payload.bytes);
    const topic = payload.signal === 'traces' ? this.spans : this.metrics;
    const key = payload.signal === 'traces' && payload.traceId !== undefined ? payload.traceId : null;
    const list = this.buffer.get(topic) ?? [];
    list.push({ key, value });
    this.buffer.set(topic, list);
    if (++this.buffered >= this.batchMessages) await this.flush();
  }

  /** Sends what is buffered. */
  async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const topicMessages = [...this.buffer].map(([topic, messages]) => ({ topic, messages }));
    this.buffer.clear();
    const count = this.buffered;
    this.buffered = 0;
    try {
      this.connected ??= this.producer.connect();
      await this.connected;
      await this.producer.sendBatch({
        topicMessages,
        acks: -1,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      });
      this.sent += count;
    } catch (err) {
      throw new FaultlineError(
        SimErrorCode.Emit,
        `kafka: ${(err as Error).message}`,
        { adapter: 'kafka' },
        { cause: err },
      );
    }
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      if (this.connected !== undefined) await this.producer.disconnect();
    }
  }
}
