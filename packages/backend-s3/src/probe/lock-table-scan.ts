import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { toBackendError } from '../s3-errors.js';

/**
 * The `LockID`s of the lock items (those with an `Info` attribute, so not the `-md5` digest
 * items) that start with `prefix`. DynamoDB has no ordered key listing for a hash-only table, so
 * this is a Scan: it reads every item of the table, and the filter only trims what comes back.
 */
export async function scanLockIds(client: DynamoDBClient, table: string, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    let page;
    try {
      page = await client.send(
        new ScanCommand({
          TableName: table,
          ProjectionExpression: 'LockID',
          FilterExpression: 'begins_with(LockID, :prefix) AND attribute_exists(Info)',
          ExpressionAttributeValues: { ':prefix': { S: prefix } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
    } catch (error) {
      throw toBackendError(error, { action: 'scan the lock table', table });
    }
    for (const item of page.Items ?? []) {
      const id = item.LockID?.S;
      if (id !== undefined) ids.push(id);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return ids;
}
