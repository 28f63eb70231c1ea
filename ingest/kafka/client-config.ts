import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../observability/logger.js';
import { kafkaLogCreator } from './kafka-logger.js';

/** kafkajs client options from faultline's `kafka` config: brokers, client id, TLS and SASL. */
export function kafkaClientConfig(config: Config['kafka'], logger: Logger): KafkaConfig {
  const result: KafkaConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    logCreator: kafkaLogCreator(logger.child({ component: 'kafka' })),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8 },
  };
  if (config.tls?.enabled) {
    result.ssl = {
      rejectUnauthorized: config.tls.rejectUnauthorized,
      ...(config.tls.caFile ? { ca: [readFileSync(config.tls.caFile, 'utf8')] } : {}),
      ...(config.tls.certFile ? { cert: readFileSync(config.tls.certFile, 'utf8') } : {}),
      ...(config.tls.keyFile ? { key: readFileSync(config.tls.keyFile, 'utf8') } : {}),
    };
  }
  if (config.sasl) {
    const { mechanism, username, password } = config.sasl;
    result.sasl = { mechanism, username, password } as SASLOptions;
  }
  return result;
}
