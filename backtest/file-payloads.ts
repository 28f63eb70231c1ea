import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { OtlpEncoding } from '../ingest/decode/index.js';
import { ChunkReader, TruncatedError } from './chunk-reader.js';
import { BacktestError, BacktestErrorCode } from './errors.js';

/** One OTLP payload read from an input file, not decoded yet. */
export interface Payload {
  bytes: Uint8Array;
  encoding: OtlpEncoding;
  file: string;
  /** The file, and the line or frame within it: for messages that name what failed. */
  where: string;
}

/** Largest size-prefixed frame accepted; a bigger length means the file is not in that format. */
const MAX_FRAME_BYTES = 1 << 30;

const JSON_EXTENSION = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/**
 * The OTLP payloads of one file, read as a stream. Gzip-compressed files (by their magic
 * bytes) are decompressed first. Then:
 *
 * - JSON text (`.json`, `.jsonl`, `.ndjson`, or any file whose first byte is `{`): NDJSON
 *   when its first non-empty line is a complete JSON value (one OTLP/JSON object per line,
 *   as the Collector's file exporter writes), else one OTLP/JSON document.
 * - Anything else is binary protobuf: one message when the first byte is `0x0a` (field 1,
 *   `resource_spans` / `resource_metrics`), else a sequence of messages each preceded by its
 *   length as a 4-byte big-endian integer (the file exporter's `format: proto`).
 *
 * Only NDJSON lines and size-prefixed frames stream; a single document is read whole.
 */
export async function* filePayloads(file: string): AsyncGenerator<Payload> {
  const reader = new ChunkReader((await byteStream(file))[Symbol.asyncIterator]());
  try {
    const first = await guard(file, file, () => reader.peek());
    if (first === undefined) return;
    if (JSON_EXTENSION.test(file) || first === 0x7b) yield* jsonPayloads(file, reader);
    else if (first === 0x0a)
      yield {
        bytes: await guard(file, file, () => reader.rest()),
        encoding: 'otlp_proto',
        file,
        where: file,
      };
    else yield* framedPayloads(file, reader);
  } finally {
    await reader.close();
  }
}

async function* jsonPayloads(file: string, reader: ChunkReader): AsyncGenerator<Payload> {
  const next = () => guard(file, file, () => reader.line());
  const skipped: Buffer[] = [];
  let n = 1;
  let line = await next();
  // Leading blank lines do not decide anything.
  for (; line !== undefined && isBlank(line); n++) {
    skipped.push(line);
    line = await next();
  }
  if (line === undefined) return;
  if (!isCompleteJson(line)) {
    // One pretty-printed document.
    const rest = await guard(file, file, () => reader.rest());
    yield {
      bytes: Buffer.concat(joinLines([...skipped, line, rest])),
      encoding: 'otlp_json',
      file,
      where: file,
    };
    return;
  }
  for (; line !== undefined; n++, line = await next()) {
    if (!isBlank(line)) yield { bytes: line, encoding: 'otlp_json', file, where: `${file} line ${n}` };
  }
}

async function* framedPayloads(file: string, reader: ChunkReader): AsyncGenerator<Payload> {
  for (let frame = 1; ; frame++) {
    const where = `${file} frame ${frame}`;
    const head = await guard(file, where, () => reader.exactly(4));
    if (head === undefined) return;
    const size = head.readUInt32BE(0);
    if (size > MAX_FRAME_BYTES) {
      throw new BacktestError(
        BacktestErrorCode.Decode,
        `${where}: not OTLP (neither JSON, nor one protobuf message, nor size-prefixed messages)`,
        { file, reason: 'unknown format' },
      );
    }
    const bytes = size === 0 ? Buffer.alloc(0) : await guard(file, where, () => reader.exactly(size));
    if (bytes === undefined) throw truncated(where, file);
    yield { bytes, encoding: 'otlp_proto', file, where };
  }
}

/** The file's bytes, gunzipped when it starts with the gzip magic. */
async function byteStream(file: string): Promise<Readable> {
  let gzip = false;
  try {
    const handle = await open(file, 'r');
    try {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
      gzip = bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read failed';
    throw new BacktestError(
      BacktestErrorCode.Input,
      `${file}: cannot read the file (${code})`,
      { file },
      { cause: err },
    );
  }
  const raw = createReadStream(file);
  if (!gzip) return raw;
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/** Runs a read, turning stream failures (I/O, bad gzip, a cut-off frame) into backtest errors. */
async function guard<T>(file: string, where: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof BacktestError) throw err;
    if (err instanceof TruncatedError) throw truncated(where, file);
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && !code.startsWith('Z_')) {
      throw new BacktestError(
        BacktestErrorCode.Input,
        `${where}: cannot read the file (${code})`,
        { file },
        { cause: err },
      );
    }
    throw new BacktestError(
      BacktestErrorCode.Decode,
      `${where}: cannot decompress (${(err as Error).message})`,
      { file, reason: 'invalid gzip' },
      { cause: err },
    );
  }
}

function truncated(where: string, file: string): BacktestError {
  return new BacktestError(
    BacktestErrorCode.Decode,
    `${where}: the file ends inside a size-prefixed message`,
    {
      file,
      reason: 'truncated',
    },
  );
}

function isBlank(line: Buffer): boolean {
  for (const b of line) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  return true;
}

function isCompleteJson(line: Buffer): boolean {
  try {
    JSON.parse(line.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/** The lines with their newlines put back. */
function joinLines(lines: Buffer[]): Buffer[] {
  const nl = Buffer.from('\n');
  return lines.flatMap((l, i) => (i < lines.length - 1 ? [l, nl] : [l]));
}
