export { StateManager, type PersistResult, type StateManagerOptions } from './state-manager.js';
export { acquireLock, type AcquireLockOptions, type LockWaitEvent } from './acquire-lock.js';
export { withLock } from './with-lock.js';
export { checkImport, isEmptyState } from './import-check.js';
