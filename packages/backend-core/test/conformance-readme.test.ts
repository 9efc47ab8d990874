import { runBackendConformance } from '@x/backend-core/conformance';
import { createMemoryProvider, MemoryStore } from '@x/backend-core/memory';

// Clients created for the same namespace must share storage; here, one in-memory "bucket" each.
const buckets = new Map<string, MemoryStore>();
const bucketFor = (namespace: string): MemoryStore => {
  const bucket = buckets.get(namespace) ?? new MemoryStore({ name: namespace });
  buckets.set(namespace, bucket);
  return bucket;
};

runBackendConformance('memory', {
  create: ({ namespace }) => createMemoryProvider({ store: bucketFor(namespace) }),
  inspect: {
    listKeys: async (namespace) => bucketFor(namespace).listKeys(),
    readRaw: async (namespace, key) => bucketFor(namespace).readRaw(key),
  },
  destroy: async (namespace) => void buckets.delete(namespace),
}, { maxPayloadBytes: 16 * 1024 * 1024 });
