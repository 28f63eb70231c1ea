// The conformance suite against the three-master Redis Cluster the global setup starts.
import { RedisSeriesStore } from '../../../pipeline/series/redis-series-store.js';
import { clusterStoreHarness } from '../../support/redis.js';
import { describeSeriesStoreConformance } from './series-store-conformance.js';

describeSeriesStoreConformance(
  'RedisSeriesStore on a Cluster',
  clusterStoreHarness(
    (cluster, keyPrefix, options) => new RedisSeriesStore(cluster, { ...options, keyPrefix }),
  ),
);
