import { createHash } from 'node:crypto';

/** One stored object as the memory store keeps it. */
export interface MemoryObject {
  readonly bytes: Uint8Array;
  /** Quoted lowercase hex MD5 of `bytes`, the way S3 reports an ETag for a single-part upload. */
  readonly etag: string;
  readonly versionId: string;
  readonly lastModified: Date;
}

/** One entry of an object's history, newest last: either bytes or a deletion. */
export interface MemoryVersion {
  readonly versionId: string;
  readonly lastModified: Date;
  /** Undefined for a delete marker. */
  readonly object: MemoryObject | undefined;
}

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** Shown as the "bucket" in lock paths (`<name>/<state key>`). Default `memory`. */
  name?: string;
}

/**
 * A versioned in-process object store shared by memory providers: every provider created on the
 * same store is a separate client of the same "bucket", so locks exclude each other exactly as
 * they would across machines. Keys follow the S3 backend's layout (`terraform.tfstate`,
 * `env:/<workspace>/terraform.tfstate`, locks at `<state key>.tflock` holding Go-encoded
 * LockInfo), which lets a conformance harness inspect and tamper with the raw objects.
 *
 * All operations are synchronous, so each provider call is atomic with respect to the others.
 */
export class MemoryStore {
  readonly name: string;
  private readonly histories = new Map<string, MemoryVersion[]>();
  private readonly lockOwners = new Map<string, symbol>();
  private versionCounter = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.name = options.name ?? 'memory';
  }

  /** Keys of all objects that currently exist, in code-unit order. */
  listKeys(): string[] {
    return [...this.histories.keys()].filter((key) => this.head(key) !== undefined).sort(compareCodeUnits);
  }

  /** A copy of the object's current bytes, or undefined when it does not exist. */
  readRaw(key: string): Uint8Array | undefined {
    const object = this.head(key);
    return object === undefined ? undefined : Uint8Array.from(object.bytes);
  }

  /**
   * Stores bytes under `key` as a foreign writer would (a new version; any lock object written
   * this way belongs to no client of this store). Zero bytes are allowed: an empty state object
   * reads as "no state", as with S3.
   */
  writeRaw(key: string, bytes: Uint8Array | string): MemoryObject {
    this.lockOwners.delete(key);
    return this.put(key, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  }

  /** Deletes the object under `key` (leaving a delete marker in its history). True if it existed. */
  deleteRaw(key: string): boolean {
    return this.remove(key);
  }

  /** The current object under `key`, without copying. */
  head(key: string): MemoryObject | undefined {
    const history = this.histories.get(key);
    return history?.[history.length - 1]?.object;
  }

  /** Full history of `key`, oldest first. */
  history(key: string): readonly MemoryVersion[] {
    return this.histories.get(key) ?? [];
  }

  /** Stores a copy of `bytes` as the new current version of `key`. */
  put(key: string, bytes: Uint8Array): MemoryObject {
    const copy = Uint8Array.from(bytes);
    const versionId = this.nextVersionId();
    const lastModified = new Date();
    const object: MemoryObject = {
      bytes: copy,
      etag: `"${createHash('md5').update(copy).digest('hex')}"`,
      versionId,
      lastModified,
    };
    this.append(key, { versionId, lastModified, object });
    return object;
  }

  /** Deletes `key` by appending a delete marker. A missing key changes nothing and returns false. */
  remove(key: string): boolean {
    this.lockOwners.delete(key);
    if (this.head(key) === undefined) return false;
    this.append(key, { versionId: this.nextVersionId(), lastModified: new Date(), object: undefined });
    return true;
  }

  /** Creates `key` with `bytes` only if it does not exist; records `owner` as its client. */
  putIfAbsent(key: string, bytes: Uint8Array, owner: symbol): MemoryObject | undefined {
    if (this.head(key) !== undefined) return undefined;
    const object = this.put(key, bytes);
    this.lockOwners.set(key, owner);
    return object;
  }

  /** The client that created the object under `key` through {@link putIfAbsent}, if any. */
  ownerOf(key: string): symbol | undefined {
    return this.head(key) === undefined ? undefined : this.lockOwners.get(key);
  }

  private append(key: string, version: MemoryVersion): void {
    const history = this.histories.get(key);
    if (history) history.push(version);
    else this.histories.set(key, [version]);
  }

  private nextVersionId(): string {
    this.versionCounter += 1;
    return `v${String(this.versionCounter).padStart(8, '0')}`;
  }
}

function compareCodeUnits(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
