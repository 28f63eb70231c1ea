import { BinaryWriter } from '@bufbuild/protobuf/wire';

/** gRPC status codes used in OTLP/HTTP error bodies. */
export const RpcCode = {
  InvalidArgument: 3,
  ResourceExhausted: 8,
  Internal: 13,
  Unavailable: 14,
} as const;

/**
 * An OTLP/HTTP error body: a `google.rpc.Status` (code = 1, message = 2), binary or JSON to
 * match the request's encoding, as the OTLP specification asks of failed exports.
 */
export function encodeRpcStatus(code: number, message: string, json: boolean): Uint8Array | string {
  if (json) return JSON.stringify({ code, message });
  return new BinaryWriter()
    .uint32((1 << 3) | 0)
    .int32(code)
    .uint32((2 << 3) | 2)
    .string(message)
    .finish();
}
