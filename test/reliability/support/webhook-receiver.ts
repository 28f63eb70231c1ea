import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertTransition } from '../../../alerting/alert.js';

/** One POST the webhook notifier made. */
export interface Delivery {
  /** `X-Faultline-Delivery`: the transition id, the same on every retry and instance. */
  id: string;
  transition: AlertTransition;
}

/** A local HTTP server standing in for a webhook receiver: records every delivery and answers 200. */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { transition } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        transition: AlertTransition;
      };
      this.deliveries.push({ id: String(req.headers['x-faultline-delivery']), transition });
      res.writeHead(200).end();
    });
  });

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Deliveries of `alertname` into state `to`. */
  of(alertname: string, to: string): Delivery[] {
    return this.deliveries.filter(
      (d) => d.transition.to === to && d.transition.alert.labels.alertname === alertname,
    );
  }

  /** How many times each delivery id arrived. */
  countsById(): Map<string, number> {
    const byId = new Map<string, number>();
    for (const d of this.deliveries) byId.set(d.id, (byId.get(d.id) ?? 0) + 1);
    return byId;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}
