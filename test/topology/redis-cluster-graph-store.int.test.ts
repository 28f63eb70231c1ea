// The conformance suite against the three-master Redis Cluster the global setup starts.
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import { clusterStoreHarness } from '../support/redis.js';
import { describeGraphStoreConformance } from './graph-store-conformance.js';

describeGraphStoreConformance(
  'RedisGraphStore on a Cluster',
  clusterStoreHarness(
    (cluster, keyPrefix, options) => new RedisGraphStore(cluster, { ...options, keyPrefix }),
  ),
);
