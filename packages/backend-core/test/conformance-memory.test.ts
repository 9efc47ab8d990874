import { runBackendConformance } from '../src/conformance/index.js';
import { createMemoryProvider, MemoryStore } from '../src/memory/index.js';

// One store per namespace: every client created for a namespace shares it, as machines share a bucket.
const stores = new Map<string, MemoryStore>();

function storeOf(namespace: string): MemoryStore {
  let store = stores.get(namespace);
  if (store === undefined) {
    store = new MemoryStore({ name: namespace });
    stores.set(namespace, store);
  }
  return store;
}

runBackendConformance('memory', {
  create: ({ namespace }) => createMemoryProvider({ store: storeOf(namespace) }),
  inspect: {
    listKeys: async (namespace) => storeOf(namespace).listKeys(),
    readRaw: async (namespace, key) => storeOf(namespace).readRaw(key),
  },
  tamper: {
    writeRaw: async (namespace, key, bytes) => void storeOf(namespace).writeRaw(key, bytes),
    deleteRaw: async (namespace, key) => void storeOf(namespace).deleteRaw(key),
  },
  // A memory client keeps nothing outside the store, so dying is simply never calling it again;
  // its lock stays in the store, which is what lockSurvivesCrash promises.
  crash: async () => undefined,
  destroy: async (namespace) => void stores.delete(namespace),
});
