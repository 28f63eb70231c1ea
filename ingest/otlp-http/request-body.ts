import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { FaultlineError } from '../../core/faultline-error.js';
import { IngestErrorCode } from '../errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/**
 * The request body as OTLP bytes: decompressed when `Content-Encoding` says so, never past
 * `maxBytes` (a small gzip body can expand into gigabytes; zlib stops at the limit).
 */
export async function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new FaultlineError(IngestErrorCode.Unsupported, `unsupported Content-Encoding '${encoding}'`, {
      reason: 'unsupported content encoding',
    });
  }
  try {
    const inflater = encoding === 'gzip' ? gunzipAsync : inflateAsync;
    return await inflater(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FaultlineError(IngestErrorCode.TooLarge, `decompressed body exceeds ${maxBytes} bytes`, {
        reason: 'body too large',
      });
    }
    throw new FaultlineError(IngestErrorCode.Decode, `body is not valid ${encoding} data`, {
      reason: 'bad compression',
    });
  }
}
