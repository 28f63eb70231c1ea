import { MemorySeriesStore } from '../../../pipeline/series/memory-series-store.js';
import type { SeriesStore } from '../../../pipeline/series/series-store.js';
import { describeSeriesStoreConformance } from './series-store-conformance.js';

describeSeriesStoreConformance('MemorySeriesStore', () => {
  const stores: SeriesStore[] = [];
  return {
    async create(options) {
      const store = new MemorySeriesStore(options);
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
});
