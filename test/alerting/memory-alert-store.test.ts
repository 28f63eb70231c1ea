import { MemoryLease } from '../../alerting/lease.js';
import { MemoryAlertStore } from '../../alerting/memory-alert-store.js';
import { alertStoreConformance } from './support/store-conformance.js';

alertStoreConformance('memory', async () => {
  const lease = new MemoryLease({ periodMs: 60_000, token: 'holder' });
  await lease.acquire();
  return { store: new MemoryAlertStore((t) => lease.holds(t)), fence: { holder: 'holder', stale: 'stale' } };
});
