import type { WriteStateOptions, WriteStateResult } from '../../src/backend/state-provider.js';
import { DelegatingProvider } from './delegating-provider.js';

/** Like a single-PUT upload capped at 5 MiB: anything longer is silently cut. */
export class TruncatingWriteProvider extends DelegatingProvider {
  override writeState(workspace: string, bytes: Uint8Array, options: WriteStateOptions): Promise<WriteStateResult> {
    return this.base.writeState(workspace, bytes.subarray(0, 5 * 1024 * 1024), options);
  }
}
