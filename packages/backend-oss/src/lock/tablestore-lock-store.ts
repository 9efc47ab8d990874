import { BackendError, parseLockInfo } from '@x/backend-core';
import { lockRowKey, type OssLayout } from '../oss-layout.js';
import type { TableStoreRows } from '../storage/tablestore-rows.js';
import type { LockStore, StoredLock } from './lock-store.js';

/** The attribute holding the LockInfo JSON, a STRING cell as Terraform reads it. */
export const INFO_COLUMN = 'Info';

/**
 * Terraform's TableStore lock: row `LockID = <bucket>/<state path>` with the LockInfo JSON in
 * the STRING column `Info`, created with `EXPECT_NOT_EXIST`. Removal is a DeleteRow that
 * expects the row to exist with `Info` equal to the text read, so it can never remove a lock
 * someone else took in the meantime (Terraform's own unlock deletes unconditionally).
 */
export class TableStoreLockStore implements LockStore {
  constructor(
    private readonly rows: TableStoreRows,
    private readonly layout: OssLayout,
  ) {}

  pathOf(workspace: string): string {
    return lockRowKey(this.layout, workspace);
  }

  create(workspace: string, raw: string): Promise<boolean> {
    return this.rows.putIfAbsent(this.pathOf(workspace), INFO_COLUMN, raw);
  }

  async read(workspace: string): Promise<StoredLock | undefined> {
    const cell = await this.rows.get(this.pathOf(workspace), INFO_COLUMN);
    if (cell === undefined) return undefined;
    if (!('value' in cell)) {
      throw new BackendError('INVALID_LOCK_INFO', `the lock row "${this.pathOf(workspace)}" has no STRING column "${INFO_COLUMN}"`, {
        hint: 'The row was not written by Terraform or this toolkit; delete it from the TableStore table if no one holds the lock.',
      });
    }
    return { info: parseLockInfo(cell.value), raw: cell.value };
  }

  remove(workspace: string, raw: string): Promise<boolean> {
    return this.rows.deleteIfEquals(this.pathOf(workspace), INFO_COLUMN, raw);
  }
}
