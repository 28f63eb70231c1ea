const EMPTY = Buffer.alloc(0);

/** Why a fixed-size read came up short: the stream ended inside it. */
export class TruncatedError extends Error {
  constructor(readonly wanted: number) {
    super(`the input ends inside a ${wanted}-byte read`);
  }
}

/**
 * Reads a byte stream (a file, or its gunzipped content) as lines, fixed-size pieces or the
 * whole rest, holding only what the current read needs: a long line or frame is gathered
 * from its chunks once, never re-copied as chunks arrive.
 */
export class ChunkReader {
  private buf: Buffer = EMPTY;
  private done = false;

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** The next byte without consuming it; undefined at the end. */
  async peek(): Promise<number | undefined> {
    return (await this.fill()) ? this.buf[0] : undefined;
  }

  /** The next line without its `\n`; undefined at the end. */
  async line(): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    while (await this.fill()) {
      const i = this.buf.indexOf(0x0a);
      if (i >= 0) {
        parts.push(this.buf.subarray(0, i));
        this.buf = this.buf.subarray(i + 1);
        return Buffer.concat(parts);
      }
      parts.push(this.buf);
      this.buf = EMPTY;
    }
    return parts.length > 0 ? Buffer.concat(parts) : undefined;
  }

  /** Exactly `n` bytes; undefined when the stream has already ended; TruncatedError when it ends inside. */
  async exactly(n: number): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0) {
      if (!(await this.fill())) {
        if (missing === n) return undefined;
        throw new TruncatedError(n);
      }
      const take = Math.min(missing, this.buf.length);
      parts.push(this.buf.subarray(0, take));
      this.buf = this.buf.subarray(take);
      missing -= take;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Everything left. */
  async rest(): Promise<Buffer> {
    const parts: Buffer[] = [];
    while (await this.fill()) {
      parts.push(this.buf);
      this.buf = EMPTY;
    }
    return Buffer.concat(parts);
  }

  /** Stops reading (closes the underlying stream when it supports it). */
  async close(): Promise<void> {
    this.done = true;
    await this.chunks.return?.();
  }

  private async fill(): Promise<boolean> {
    while (this.buf.length === 0) {
      if (this.done) return false;
      const r = await this.chunks.next();
      if (r.done === true) {
        this.done = true;
        return false;
      }
      this.buf = r.value;
    }
    return true;
  }
}
