import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import type { EngineMetrics } from '../../observability/metrics.js';

/** Headers a dead letter carries, beside the original message's own headers. */
export const DLQ_HEADERS = {
  reason: 'faultline.dlq.reason',
  code: 'faultline.dlq.code',
  topic: 'faultline.dlq.source.topic',
  partition: 'faultline.dlq.source.partition',
  offset: 'faultline.dlq.source.offset',
  time: 'faultline.dlq.time',
  truncated: 'faultline.dlq.value.truncated',
} as const;

export interface DeadLetter {
  topic: string;
  partition: number;
  message: KafkaMessage;
  code: string;
  reason: string;
}

/**
 * Writes messages that cannot be decoded to `<topic><suffix>`, with the reason and where
 * they came from, and counts them. A dead letter the broker refuses for its size is
 * written again without its value, so the record of the failure is never lost.
 */
export class DeadLetterWriter {
  constructor(
    private readonly producer: Producer,
    private readonly suffix: string,
    private readonly metrics: EngineMetrics,
  ) {}

  async write(letters: readonly DeadLetter[]): Promise<void> {
    for (const letter of letters) {
      const topic = `${letter.topic}${this.suffix}`;
      const headers: IHeaders = {
        ...(letter.message.headers ?? {}),
        [DLQ_HEADERS.reason]: letter.reason,
        [DLQ_HEADERS.code]: letter.code,
        [DLQ_HEADERS.topic]: letter.topic,
        [DLQ_HEADERS.partition]: String(letter.partition),
        [DLQ_HEADERS.offset]: letter.message.offset,
        [DLQ_HEADERS.time]: new Date().toISOString(),
      };
      try {
        await this.producer.send({
          topic,
          acks: -1,
          messages: [{ key: letter.message.key, value: letter.message.value, headers }],
        });
      } catch (err) {
        if ((err as { type?: string }).type !== 'MESSAGE_TOO_LARGE') throw err;
        headers[DLQ_HEADERS.truncated] = 'true';
        await this.producer.send({
          topic,
          acks: -1,
          messages: [{ key: letter.message.key, value: null, headers }],
        });
      }
      this.metrics.deadLetters.inc({ topic: letter.topic, reason: letter.reason });
    }
  }
}
