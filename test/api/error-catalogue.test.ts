import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_STATUS, statusForCode } from '../../api/error-catalogue.js';
import { loadConfig } from '../../config/load.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { IngestErrorCode } from '../../ingest/errors.js';
import { silentLogger } from '../../observability/logger.js';
import { TopologyErrorCode } from '../../topology/errors.js';

let running: RunningParts;
let base: string;
beforeAll(async () => {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_ENABLED: 'false' } });
  running = createEngine(config, { logger: silentLogger(), slos: [] });
  await running.engine.start();
  base = `http://127.0.0.1:${running.api.address().port}`;
});
afterAll(async () => {
  await running.engine.close();
});

async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  const body = (await res.json()) as { error: { code: string } };
  return { status: res.status, code: body.error.code };
}

describe('the error catalogue', () => {
  it('gives every area code a status, and unknown codes a server error', () => {
    expect(statusForCode(HttpErrorCode.NotFound)).toBe(404);
    expect(statusForCode(IngestErrorCode.TooLarge)).toBe(413);
    expect(statusForCode(TopologyErrorCode.Closed)).toBe(500);
    expect(statusForCode('FL_NOT_A_CODE')).toBe(500);
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(code).toMatch(/^FL_[A-Z_]+$/);
      expect([400, 401, 404, 409, 413, 415, 421, 500, 503]).toContain(status);
    }
  });

  it('answers errors fastify raises with catalogue codes, never FST_ERR_*', async () => {
    const wrongType = await fetch(`${base}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<alerts/>',
    });
    expect(await errorOf(wrongType)).toEqual({ status: 415, code: HttpErrorCode.UnsupportedMediaType });

    const repeated = await fetch(`${base}/api/v1/slos?at=1&at=2`);
    expect(await errorOf(repeated)).toEqual({ status: 400, code: HttpErrorCode.BadRequest });
  });
});
