import { MemoryExternalAlertStore } from '../../../alerting/receiver/memory-external-alert-store.js';
import { externalAlertStoreConformance } from './external-alert-store-conformance.js';

externalAlertStoreConformance('memory', async (limits) => new MemoryExternalAlertStore(limits));
