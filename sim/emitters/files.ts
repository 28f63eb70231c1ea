import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../../core/faultline-error.js';
import { type Emitter, payloadJson, type SimPayload } from '../emitter.js';
import { SimErrorCode } from '../errors.js';
import type { GroundTruth } from '../faults.js';

/** What {@link FileEmitter} writes. */
export type FileFormat = 'binpb' | 'ndjson';

/** Options of {@link FileEmitter}. */
export interface FileEmitterOptions {
  /** Created if missing. */
  dir: string;
  /** Default `['binpb']`. */
  formats?: FileFormat[];
}

/**
 * Writes payloads into a directory:
 * - `binpb`: one file per payload, `traces-000001.binpb`, `metrics-000001.binpb`, ... each
 *   an OTLP `TracesData` / `MetricsData` message (numbered per signal, in emission order);
 * - `ndjson`: `traces.ndjson` and `metrics.ndjson`, one OTLP/JSON message per line (the
 *   Collector's file exporter format);
 * - always `ground-truth.json`: the injected faults.
 */
export class FileEmitter implements Emitter {
  private readonly formats: FileFormat[];
  private readonly seq = { traces: 0, metrics: 0 };
  private readonly streams = new Map<string, WriteStream>();
  private ready: Promise<unknown> | undefined;
  private streamError: Error | undefined;

  constructor(private readonly options: FileEmitterOptions) {
    this.formats = options.formats ?? ['binpb'];
  }

  async groundTruth(truth: readonly GroundTruth[]): Promise<void> {
    await this.guard(async () => {
      await this.mkdir();
      await writeFile(join(this.options.dir, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
    });
  }

  async emit(payload: SimPayload): Promise<void> {
    await this.guard(async () => {
      await this.mkdir();
      const n = ++this.seq[payload.signal];
      if (this.formats.includes('binpb')) {
        const name = `${payload.signal}-${String(n).padStart(6, '0')}.binpb`;
        await writeFile(join(this.options.dir, name), payload.bytes);
      }
      if (this.formats.includes('ndjson')) {
        const stream = this.stream(`${payload.signal}.ndjson`);
        if (!stream.write(`${payloadJson(payload)}\n`)) await once(stream, 'drain');
      }
    });
  }

  async close(): Promise<void> {
    await this.guard(async () => {
      await Promise.all(
        [...this.streams.values()].map(
          (s) =>
            new Promise<void>((resolve, reject) =>
              s.end((err?: Error | null) => (err ? reject(err) : resolve())),
            ),
        ),
      );
      this.streams.clear();
    });
  }

  private mkdir(): Promise<unknown> {
    this.ready ??= mkdir(this.options.dir, { recursive: true });
    return this.ready;
  }

  private stream(name: string): WriteStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = createWriteStream(join(this.options.dir, name));
      s.on('error', (err) => {
        this.streamError ??= err;
      });
      this.streams.set(name, s);
    }
    return s;
  }

  private async guard(fn: () => Promise<void>): Promise<void> {
    try {
      if (this.streamError !== undefined) throw this.streamError;
      await fn();
    } catch (err) {
      if (err instanceof FaultlineError) throw err;
      throw new FaultlineError(
        SimErrorCode.Emit,
        `files: ${(err as Error).message}`,
        { adapter: 'files' },
        { cause: err },
      );
    }
  }
}
