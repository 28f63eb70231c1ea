/**
 * Environment overrides. Each variable replaces one field of the file's configuration; a
 * value that does not fit the field fails validation with the variable's name as source.
 */
export interface EnvOverride {
  variable: string;
  path: readonly string[];
  parse: (raw: string) => unknown;
}

const asList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** A number when the text is one, else the text itself, so validation reports the type. */
const asNumber = (raw: string): unknown =>
  raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;

const asBoolean = (raw: string): unknown => (raw === 'true' ? true : raw === 'false' ? false : raw);

const asString = (raw: string): string => raw;

export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { variable: 'FAULTLINE_HTTP_HOST', path: ['http', 'host'], parse: asString },
  { variable: 'FAULTLINE_HTTP_PORT', path: ['http', 'port'], parse: asNumber },
  { variable: 'FAULTLINE_OTLP_ENABLED', path: ['otlp', 'enabled'], parse: asBoolean },
  { variable: 'FAULTLINE_OTLP_HOST', path: ['otlp', 'host'], parse: asString },
  { variable: 'FAULTLINE_OTLP_PORT', path: ['otlp', 'port'], parse: asNumber },
  { variable: 'FAULTLINE_OTLP_GRPC_ENABLED', path: ['otlp', 'grpcEnabled'], parse: asBoolean },
  { variable: 'FAULTLINE_OTLP_GRPC_PORT', path: ['otlp', 'grpcPort'], parse: asNumber },
  { variable: 'FAULTLINE_KAFKA_BROKERS', path: ['kafka', 'brokers'], parse: asList },
  { variable: 'FAULTLINE_KAFKA_GROUP_ID', path: ['kafka', 'groupId'], parse: asString },
  { variable: 'FAULTLINE_KAFKA_CLIENT_ID', path: ['kafka', 'clientId'], parse: asString },
  { variable: 'FAULTLINE_REDIS_URL', path: ['redis', 'url'], parse: asString },
  { variable: 'FAULTLINE_REDIS_CLUSTER_NODES', path: ['redis', 'clusterNodes'], parse: asList },
  { variable: 'FAULTLINE_REDIS_KEY_PREFIX', path: ['redis', 'keyPrefix'], parse: asString },
  { variable: 'FAULTLINE_SLO_FILES', path: ['slos', 'files'], parse: asList },
  { variable: 'FAULTLINE_LOG_LEVEL', path: ['log', 'level'], parse: asString },
  { variable: 'FAULTLINE_LOG_FORMAT', path: ['log', 'format'], parse: asString },
  { variable: 'FAULTLINE_TOPOLOGY_ENABLED', path: ['topology', 'enabled'], parse: asBoolean },
  { variable: 'FAULTLINE_TOPOLOGY_WAIT_MS', path: ['topology', 'waitMs'], parse: asNumber },
  { variable: 'FAULTLINE_TOPOLOGY_EDGE_TTL_MS', path: ['topology', 'edgeTtlMs'], parse: asNumber },
  { variable: 'FAULTLINE_ALERTING_ENABLED', path: ['alerting', 'enabled'], parse: asBoolean },
  { variable: 'FAULTLINE_ALERTING_SCHEDULE', path: ['alerting', 'evaluation', 'schedule'], parse: asString },
  {
    variable: 'FAULTLINE_ALERTING_EXTERNAL_URL',
    path: ['alerting', 'evaluation', 'externalUrl'],
    parse: asString,
  },
  {
    variable: 'FAULTLINE_ALERTING_LEASE_PERIOD_MS',
    path: ['alerting', 'lease', 'periodMs'],
    parse: asNumber,
  },
  { variable: 'FAULTLINE_INCIDENTS_ENABLED', path: ['incidents', 'enabled'], parse: asBoolean },
  {
    variable: 'FAULTLINE_ALERTMANAGER_URLS',
    path: ['alerting', 'notifiers', 'alertmanager', 'urls'],
    parse: asList,
  },
  { variable: 'FAULTLINE_AUTH_BEARER_TOKENS', path: ['auth', 'bearerTokens'], parse: asList },
  { variable: 'FAULTLINE_AUTH_PROTECT_READS', path: ['auth', 'protectReads'], parse: asBoolean },
  { variable: 'FAULTLINE_AUTH_PROTECT_INGEST', path: ['auth', 'protectIngest'], parse: asBoolean },
  {
    variable: 'FAULTLINE_RECEIVER_BEARER_TOKEN',
    path: ['alerting', 'receiver', 'bearerToken'],
    parse: asString,
  },
];

/** Writes every override present in `env` into `doc` (a plain object tree), returning which applied. */
export function applyEnvOverrides(
  doc: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Map<string, string> {
  const applied = new Map<string, string>();
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.variable];
    if (raw === undefined || raw === '') continue;
    let node: Record<string, unknown> = doc;
    for (const key of o.path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[o.path[o.path.length - 1] as string] = o.parse(raw);
    applied.set(o.path.join('.'), o.variable);
  }
  return applied;
}
