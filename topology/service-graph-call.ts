import type { ServiceGraphCall } from '../observability/service-graph-metrics.js';
import { type ConnectionType, type EdgeCallRecord, USER_NODE } from './model.js';

/** The connector's `connection_type` label for each of faultline's connection types. */
const CONNECTION_TYPE_LABEL: Record<ConnectionType, string> = {
  direct: '',
  virtual: 'virtual_node',
  messaging: 'messaging_system',
  database: 'database',
};

/** The connector's name for callers outside the traces. */
const CONNECTOR_USER_NODE = 'user';

/**
 * A completed call in the servicegraph connector's terms: the external caller is `user`
 * (faultline's {@link USER_NODE}), durations are seconds.
 */
export function serviceGraphCall(call: EdgeCallRecord): ServiceGraphCall {
  const node = (name: string) => (name === USER_NODE ? CONNECTOR_USER_NODE : name);
  return {
    client: node(call.source),
    server: node(call.target),
    connectionType: CONNECTION_TYPE_LABEL[call.connectionType],
    failed: call.failed,
    ...(call.clientDurationNs === undefined ? {} : { clientSeconds: call.clientDurationNs / 1e9 }),
    ...(call.serverDurationNs === undefined ? {} : { serverSeconds: call.serverDurationNs / 1e9 }),
  };
}
