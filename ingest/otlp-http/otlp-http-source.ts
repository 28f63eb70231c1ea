import { HttpComponent } from '../../core/http/http-component.js';
import { buildOtlpHttpApp, type OtlpHttpOptions } from './receiver.js';

/** The OTLP/HTTP receiver as an engine component, listening on its own port (4318 by default). */
export function createOtlpHttpSource(opts: OtlpHttpOptions & { host: string; port: number }): HttpComponent {
  return new HttpComponent('otlp-http', buildOtlpHttpApp(opts), opts.host, opts.port);
}
