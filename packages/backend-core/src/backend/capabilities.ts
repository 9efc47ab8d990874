/**
 * What a provider can do. The flags are read by the conformance suite to decide which cases
 * run, and each one it claims is tested; a flag it leaves false is tested the other way (the
 * call must be refused with `UNSUPPORTED`, never faked). Frozen, and identical for every
 * client the same configuration creates.
 */
export interface BackendCapabilities {
  /** `lock`, `unlock` and `readLock` exclude other clients. False: `lock` rejects with `UNSUPPORTED`. */
  readonly locking: boolean;
  /**
   * A client other than the holder can release a lock by its id (Terraform's `force-unlock`).
   * False where the lock belongs to a live process (the local backend's OS lock).
   */
  readonly forceUnlock: boolean;
  /** A lock outlives the client that took it (a crashed CI job leaves it held). */
  readonly lockSurvivesCrash: boolean;
  /** `writeState`/`deleteState` with a `lockId` that is not the held lock are refused. */
  readonly writeChecksLock: boolean;
  /** The store keeps an MD5 digest beside the state and `readState` verifies it (DynamoDB/TableStore `-md5`). */
  readonly digest: boolean;
  /** `writeState` honours `ifMatch` and `ifNoneMatch`. */
  readonly conditionalWrite: boolean;
  /** `listVersions` and `readVersion` exist and return earlier states. */
  readonly versions: boolean;
  /** `probe` exists and checks the live store. */
  readonly probe: boolean;
  /** Workspace names outside Terraform's URL-safe ASCII set are stored as given. */
  readonly unicodeWorkspaceNames: boolean;
}

/** Every capability flag, in declaration order: what a provider must declare and the suite checks. */
export const capabilityNames: readonly (keyof BackendCapabilities)[] = Object.freeze([
  'locking',
  'forceUnlock',
  'lockSurvivesCrash',
  'writeChecksLock',
  'digest',
  'conditionalWrite',
  'versions',
  'probe',
  'unicodeWorkspaceNames',
]);

/** Freezes a capability set after checking every flag is a boolean. */
export function defineCapabilities(flags: BackendCapabilities): BackendCapabilities {
  for (const [name, value] of Object.entries(flags)) {
    if (typeof value !== 'boolean') throw new TypeError(`capability "${name}" must be a boolean`);
  }
  return Object.freeze({ ...flags });
}
