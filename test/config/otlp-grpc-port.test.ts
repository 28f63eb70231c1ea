import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { otlpGrpcPort } from '../../config/schema.js';

describe('otlp.grpcPort', () => {
  it('is 4317 by default, beside OTLP/HTTP on 4318', () => {
    const config = loadConfig();
    expect(config.otlp.grpcEnabled).toBe(true);
    expect(otlpGrpcPort(config)).toBe(4317);
  });

  it('takes a free port when otlp.port is 0, so instances asking for free ports never collide on 4317', () => {
    expect(otlpGrpcPort(loadConfig({ env: { FAULTLINE_OTLP_PORT: '0' } }))).toBe(0);
  });

  it('is set by FAULTLINE_OTLP_GRPC_PORT, and a bad value names the variable', () => {
    expect(otlpGrpcPort(loadConfig({ env: { FAULTLINE_OTLP_GRPC_PORT: '14317' } }))).toBe(14317);
    expect(() => loadConfig({ env: { FAULTLINE_OTLP_GRPC_PORT: 'x' } })).toThrow(
      expect.objectContaining({
        code: 'FL_CONFIG_INVALID',
        problems: [expect.objectContaining({ source: 'FAULTLINE_OTLP_GRPC_PORT', path: 'otlp.grpcPort' })],
      }),
    );
  });
});
