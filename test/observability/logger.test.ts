import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat } from '../../observability/logger.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log format', () => {
  it('auto is pretty on a terminal and JSON when piped; an explicit format wins', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('json writes one object a line', () => {
    const out = capture();
    createLogger('info', out.stream, 'json').info({ store: 'memory' }, 'faultline is running');
    expect(JSON.parse(out.text().trim())).toMatchObject({ msg: 'faultline is running', store: 'memory' });
  });

  it('pretty writes a readable line with the component, and still redacts secrets', () => {
    const out = capture();
    const logger = createLogger('info', out.stream, 'pretty');
    logger.child({ component: 'api' }).warn({ token: 'hunter2-hunter2-hunter2' }, 'something happened');
    const line = out.text().trim();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: \[api\] something happened/);
    expect(line).not.toContain('hunter2');
  });
});
