import { MemorySilenceStore } from '../../../alerting/silences/memory-silence-store.js';
import { silenceStoreConformance } from './silence-store-conformance.js';

silenceStoreConformance('memory', async () => new MemorySilenceStore());
