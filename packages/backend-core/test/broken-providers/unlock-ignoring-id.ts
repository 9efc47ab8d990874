import { DelegatingProvider } from './delegating-provider.js';

/** Releases whatever lock is there, whichever id the caller passed. */
export class UnlockIgnoringIdProvider extends DelegatingProvider {
  override async unlock(workspace: string): Promise<void> {
    const holder = await this.base.readLock(workspace);
    await this.base.unlock(workspace, holder?.ID ?? 'no-lock-held');
  }

  override forceUnlock(workspace: string): Promise<void> {
    return this.unlock(workspace);
  }
}
