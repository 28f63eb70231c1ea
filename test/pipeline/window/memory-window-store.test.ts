import { MemoryWindowStore } from '../../../pipeline/window/memory-window-store.js';
import { windowStoreConformance } from './window-store-conformance.js';

windowStoreConformance('memory', async () => new MemoryWindowStore());
