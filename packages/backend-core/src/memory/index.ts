export {
  MEMORY_KEY_LAYOUT,
  createMemoryProvider,
  memoryLockKey,
  memoryStateKey,
  type MemoryProviderOptions,
} from './memory-provider.js';
export { MemoryStore, type MemoryObject, type MemoryStoreOptions, type MemoryVersion } from './memory-store.js';
