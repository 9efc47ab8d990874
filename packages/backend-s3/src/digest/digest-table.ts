import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { isConditionalCheckFailed, toBackendError } from '../s3-errors.js';
import type { WorkspaceLocation } from '../s3-layout.js';

/** Lowercase hex MD5, the digest Terraform records. */
export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

const hexDigest = /^[0-9a-fA-F]{32}$/;

/**
 * The `<bucket>/<key>-md5` items (spec §2.1, §2.4): {LockID, Digest: lowercase hex MD5 of the
 * state bytes last written}. A missing item, or one that does not hold 32 hex digits, means "no
 * expectation", as in Terraform.
 */
export class DigestTable {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async read(location: WorkspaceLocation): Promise<string | undefined> {
    try {
      const response = await this.client.send(
        new GetItemCommand({
          TableName: this.table,
          Key: { LockID: { S: location.digestId } },
          ProjectionExpression: 'LockID, Digest',
          ConsistentRead: true,
        }),
      );
      const digest = response.Item?.Digest?.S;
      return digest !== undefined && hexDigest.test(digest) ? digest.toLowerCase() : undefined;
    } catch (error) {
      throw toBackendError(error, { action: 'read the state digest', table: this.table });
    }
  }

  async write(location: WorkspaceLocation, digest: string): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.table, Item: { LockID: { S: location.digestId }, Digest: { S: digest } } }),
      );
    } catch (error) {
      throw toBackendError(error, { action: 'record the state digest', table: this.table });
    }
  }

  /** Deletes the digest item only while it still holds `digest` (a newer writer's digest stays). */
  async removeIfStill(location: WorkspaceLocation, digest: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.table,
          Key: { LockID: { S: location.digestId } },
          ConditionExpression: 'Digest = :digest',
          ExpressionAttributeValues: { ':digest': { S: digest } },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return;
      throw toBackendError(error, { action: 'delete the state digest', table: this.table });
    }
  }

  async remove(location: WorkspaceLocation): Promise<void> {
    try {
      await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: { LockID: { S: location.digestId } } }));
    } catch (error) {
      throw toBackendError(error, { action: 'delete the state digest', table: this.table });
    }
  }
}
