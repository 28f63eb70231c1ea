import type { Producer } from 'kafkajs';
import { type Counts, sloMessage } from './telemetry.js';

/**
 * Produces SLO traffic to a topic and keeps the totals an availability SLO must end up with.
 * Every send is awaited with `acks: -1`, so what is counted here is what Kafka holds.
 */
export class SloLoad {
  readonly expected: Counts = { good: 0, total: 0 };
  messages = 0;
  private key = 0;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly service: string,
    /** Event time of the spans (Unix ms); within the allowed lateness of now. */
    private readonly endMs: () => number = () => Date.now() - 30_000,
  ) {}

  /** Sends `messages` messages of `spans` spans, `bad` of each failed, in sends of `perSend`. */
  async send(messages: number, spans: number, bad: number, perSend = 5): Promise<void> {
    for (let i = 0; i < messages; i += perSend) {
      const n = Math.min(perSend, messages - i);
      const batch = Array.from({ length: n }, () => ({
        key: `k${this.key++}`,
        value: Buffer.from(sloMessage(this.service, spans, bad, this.endMs())),
      }));
      await this.producer.send({ topic: this.topic, acks: -1, messages: batch });
      this.messages += n;
      this.expected.total += n * spans;
      this.expected.good += n * (spans - bad);
    }
  }

  /**
   * Sends for `durationMs` at about `messagesPerSecond`, `spans` spans per message (none
   * failed), until `stop.stopped`.
   */
  async paced(
    durationMs: number,
    messagesPerSecond: number,
    spans: number,
    stop: { stopped: boolean } = { stopped: false },
  ): Promise<void> {
    const started = Date.now();
    const perTick = Math.max(1, Math.round(messagesPerSecond / 10));
    while (Date.now() - started < durationMs && !stop.stopped) {
      await this.send(perTick, spans, 0, perTick);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
