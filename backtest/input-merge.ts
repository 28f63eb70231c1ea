import { type DecodedChunk, type DecodeOptions, decodePayload } from './decode-payload.js';
import { filePayloads } from './file-payloads.js';

/** What the first pass learnt about one file. */
export interface FileScan {
  file: string;
  payloads: number;
  spans: number;
  points: number;
  invalid: number;
  /** Earliest and latest event time in the file (ns); undefined when it holds no record. */
  minNs?: bigint;
  maxNs?: bigint;
}

/** A chunk with records, so with its event-time range. */
type TimedChunk = DecodedChunk & { minNs: bigint; maxNs: bigint };

/** One chunk of the merged stream, and the earliest event time still to come (none at the end). */
export interface MergedChunk {
  chunk: TimedChunk;
  frontierNs?: bigint;
}

/** The chunks of one file that hold records, decoded in file order. */
export async function* fileChunks(file: string, decode: DecodeOptions): AsyncGenerator<TimedChunk> {
  for await (const payload of filePayloads(file)) {
    const chunk = decodePayload(payload, decode);
    if (chunk.minNs !== undefined && chunk.maxNs !== undefined) yield chunk as TimedChunk;
  }
}

/**
 * First pass: decodes every file once, keeping only counts and its event-time range, so
 * that an undecodable file stops the backtest before anything is printed and the replay
 * knows when each file begins.
 */
export async function scanFile(file: string, decode: DecodeOptions): Promise<FileScan> {
  const scan: FileScan = { file, payloads: 0, spans: 0, points: 0, invalid: 0 };
  for await (const payload of filePayloads(file)) {
    const c = decodePayload(payload, decode);
    scan.payloads++;
    scan.spans += c.spans.length;
    scan.points += c.metrics.length;
    scan.invalid += c.invalid;
    if (c.minNs !== undefined && (scan.minNs === undefined || c.minNs < scan.minNs)) scan.minNs = c.minNs;
    if (c.maxNs !== undefined && (scan.maxNs === undefined || c.maxNs > scan.maxNs)) scan.maxNs = c.maxNs;
  }
  return scan;
}

interface OpenFile {
  chunks: AsyncGenerator<TimedChunk>;
  head: TimedChunk;
}

/**
 * Second pass: the chunks of every file merged by event time. A file is opened only when
 * the replay reaches its first event, and each open file holds one decoded chunk, so files
 * one after another in time (rotated exporter files) are read one at a time, and files
 * covering the same hours (a traces file beside a metrics file) are interleaved. Chunks
 * come out in order of their earliest event; `frontierNs` is the earliest event of any
 * chunk still to come, as far as files are in order within themselves.
 */
export async function* mergeFiles(
  scans: readonly FileScan[],
  decode: DecodeOptions,
): AsyncGenerator<MergedChunk> {
  const pending = scans
    .filter((s) => s.minNs !== undefined)
    .sort((a, b) => (a.minNs! < b.minNs! ? -1 : a.minNs! > b.minNs! ? 1 : 0));
  const open: OpenFile[] = [];
  const earliest = (): OpenFile | undefined =>
    open.reduce<OpenFile | undefined>(
      (best, f) => (best === undefined || f.head.minNs < best.head.minNs ? f : best),
      undefined,
    );
  const advance = async (f: OpenFile): Promise<void> => {
    const next = await f.chunks.next();
    if (next.done === true) open.splice(open.indexOf(f), 1);
    else f.head = next.value;
  };
  try {
    for (;;) {
      // Open every file that starts before the earliest chunk in hand.
      while (pending.length > 0 && (open.length === 0 || pending[0]!.minNs! <= earliest()!.head.minNs)) {
        const chunks = fileChunks(pending.shift()!.file, decode);
        const first = await chunks.next();
        if (first.done !== true) open.push({ chunks, head: first.value });
      }
      const source = earliest();
      if (source === undefined) return;
      const chunk = source.head;
      await advance(source);
      const heads = open.map((f) => f.head.minNs);
      if (pending.length > 0) heads.push(pending[0]!.minNs!);
      const frontierNs = heads.reduce<bigint | undefined>(
        (m, ns) => (m === undefined || ns < m ? ns : m),
        undefined,
      );
      yield frontierNs === undefined ? { chunk } : { chunk, frontierNs };
    }
  } finally {
    for (const f of open) await f.chunks.return(undefined);
  }
}
