import { MemoryIncidentStore } from '../../../alerting/incidents/memory-incident-store.js';
import { MemoryLease } from '../../../alerting/lease.js';
import { incidentStoreConformance, TEST_RETENTION } from './store-conformance.js';

incidentStoreConformance('memory', async () => {
  const lease = new MemoryLease({ periodMs: 60_000 });
  await lease.acquire();
  const store = new MemoryIncidentStore(TEST_RETENTION, (t) => lease.holds(t));
  return { store, fence: { holder: lease.token, stale: 'stale' } };
});
