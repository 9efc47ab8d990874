import { encodeLockInfo, type LockInfo } from '@x/backend-core';

/**
 * The LOCK bodies of the locks taken through this server, per workspace. A conflict answer must
 * carry the holder's record byte for byte as its client sent it (spec 3.4), while providers
 * store a normalised copy (they fill `Path`, for one), so the raw bytes are kept here while the
 * lock is held. A lock taken elsewhere is answered with its stored record, Go-encoded.
 */
export class LockBodies {
  private readonly bodies = new Map<string, { id: string; body: Buffer }>();

  remember(workspace: string, id: string, body: Buffer): void {
    this.bodies.set(workspace, { id, body });
  }

  forget(workspace: string): void {
    this.bodies.delete(workspace);
  }

  /** What to answer for `holder` on `workspace`. */
  bodyOf(workspace: string, holder: LockInfo): string | Buffer {
    const kept = this.bodies.get(workspace);
    return kept !== undefined && kept.id === holder.ID ? kept.body : encodeLockInfo(holder);
  }
}
