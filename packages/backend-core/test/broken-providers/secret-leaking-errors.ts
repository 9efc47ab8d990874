import { LockConflictError } from '../../src/errors/lock-conflict-error.js';
import type { LockInfo } from '../../src/lock/lock-info.js';
import { DelegatingProvider } from './delegating-provider.js';

/** The credential the leaking provider pastes into its errors. */
export const LEAKED_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKEDKEY';

/** Wraps lock conflicts in an error whose cause quotes the signed request, credentials included. */
export class SecretLeakingProvider extends DelegatingProvider {
  override async lock(workspace: string, info: LockInfo): Promise<string> {
    try {
      return await this.base.lock(workspace, info);
    } catch (error) {
      if (!(error instanceof LockConflictError)) throw error;
      const request = new Error(`PUT /${workspace}.tflock failed; signing secret ${LEAKED_SECRET}`);
      throw new LockConflictError(error.lock, { cause: request });
    }
  }
}
