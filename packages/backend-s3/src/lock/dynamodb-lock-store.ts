import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BackendError, encodeLockInfo, parseLockInfo, type LockInfo } from '@x/backend-core';
import { errorName, isAuthFailure, isConditionalCheckFailed, isTransient, toBackendError, sdkCause } from '../s3-errors.js';
import type { WorkspaceLocation } from '../s3-layout.js';
import { lockConflict, lockMismatch, lockNotHeld, lockReplaced } from './lock-errors.js';
import type { AcquireOutcome, LockStore } from './lock-store.js';

interface StoredLockItem {
  info: LockInfo;
  /** The `Info` attribute exactly as stored, for the conditional delete. */
  raw: string;
}

const acquireAttempts = 3;

/**
 * `dynamodb_table` locking (spec §2): item {LockID: `<bucket>/<key>`, Info: Go-JSON LockInfo},
 * created with `attribute_not_exists(LockID)`. Unlike Terraform, an item that vanished between a
 * refused create and the read of its holder is retried instead of failing with no holder, and
 * the release is OpenTofu's conditional delete on the exact stored `Info` string.
 */
export class DynamoLockStore implements LockStore {
  readonly label = 'DynamoDB';

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async acquire(location: WorkspaceLocation, record: LockInfo): Promise<AcquireOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: { LockID: { S: location.lockPath }, Info: { S: encodeLockInfo(record) } },
            ConditionExpression: 'attribute_not_exists(LockID)',
          }),
        );
        return 'created';
      } catch (error) {
        const refused = isConditionalCheckFailed(error);
        if (!refused && (!isTransient(error) || isAuthFailure(error))) {
          throw toBackendError(error, this.context('take the lock'));
        }
        const stored = await this.readStored(location).catch((readError: unknown) => {
          throw new BackendError(
            'TRANSIENT',
            `failed to take the DynamoDB lock "${location.lockPath}" (${errorName(error) ?? 'error'}) and then to read it back; ` +
              `if it was taken, it holds lock ID ${record.ID}`,
            { cause: sdkCause(readError), hint: `Check with \`tfstate lock status\`; release it with \`tfstate force-unlock ${record.ID}\` if it is yours.` },
          );
        });
        if (stored === undefined) {
          if (!refused) throw toBackendError(error, this.context('take the lock'));
          if (attempt < acquireAttempts) continue;
          throw new BackendError('TRANSIENT', `the DynamoDB lock "${location.lockPath}" kept disappearing while being taken`, {
            cause: sdkCause(error),
            hint: 'Another client is locking and unlocking this workspace rapidly; retry.',
          });
        }
        if (stored.info.ID === record.ID) return refused ? 'already-held' : 'created';
        throw lockConflict(stored.info, sdkCause(error));
      }
    }
  }

  /**
   * With `ownRecord` (this client took the lock under `lockId`), one DeleteItem conditioned on the exact
   * `Info` it wrote: no read first. Only when that condition fails is the item read, to report
   * `LOCK_NOT_HELD` (gone, or replaced by someone else's lock, named in the message); an item with our ID
   * but other bytes (a retried lock call with other fields) takes the general path. Without
   * `ownRecord`: read, check the ID, delete conditioned on the exact stored `Info` (OpenTofu's way).
   */
  async release(location: WorkspaceLocation, lockId: string, ownRecord?: LockInfo): Promise<void> {
    if (ownRecord !== undefined && ownRecord.ID === lockId) {
      if (await this.deleteIfInfo(location, encodeLockInfo(ownRecord))) return;
      const stored = await this.readStored(location);
      if (stored === undefined) throw lockNotHeld(location, 'DynamoDB', lockId);
      // We took this ID, so another holder means ours was force-unlocked and the lock taken since.
      if (stored.info.ID !== lockId) throw lockReplaced(location, 'DynamoDB', lockId, stored.info);
    }
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.readStored(location);
      if (stored === undefined) throw lockNotHeld(location, 'DynamoDB', lockId);
      if (stored.info.ID !== lockId) {
        // After a refused delete of our own record, someone else's record means ours is gone.
        if (attempt > 1) throw lockReplaced(location, 'DynamoDB', lockId, stored.info);
        throw lockMismatch(lockId, stored.info);
      }
      if (await this.deleteIfInfo(location, stored.raw)) return;
      if (attempt >= 3) {
        throw new BackendError('TRANSIENT', `the DynamoDB lock "${location.lockPath}" kept changing while being released`, {
          hint: 'Another client is changing this lock rapidly; check with `tfstate lock status` and retry.',
        });
      }
    }
  }

  /** DeleteItem conditioned on `Info` being exactly `info`; false when the condition failed. */
  private async deleteIfInfo(location: WorkspaceLocation, info: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { LockID: { S: location.lockPath } },
          ConditionExpression: 'Info = :info',
          ExpressionAttributeValues: { ':info': { S: info } },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toBackendError(error, this.context('release the lock'));
    }
  }

  async read(location: WorkspaceLocation): Promise<LockInfo | undefined> {
    return (await this.readStored(location))?.info;
  }

  private async readStored(location: WorkspaceLocation): Promise<StoredLockItem | undefined> {
    let response;
    try {
      response = await this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: { LockID: { S: location.lockPath } },
          ProjectionExpression: 'LockID, Info',
          ConsistentRead: true,
        }),
      );
    } catch (error) {
      throw toBackendError(error, this.context('read the lock'));
    }
    const raw = response.Item?.Info?.S;
    if (response.Item === undefined) return undefined;
    if (raw === undefined) {
      throw new BackendError('INVALID_LOCK_INFO', `the DynamoDB item "${location.lockPath}" has no string attribute "Info"`, {
        hint: `Inspect the item in table "${this.table}"; delete it if no Terraform run holds the lock.`,
      });
    }
    return { info: parseLockInfo(raw), raw };
  }

  private context(action: string) {
    return { action, table: this.table };
  }
}
