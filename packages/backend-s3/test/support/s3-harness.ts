import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { StateProvider } from '@x/backend-core';
import type { ConformanceHarness } from '@x/backend-core/conformance';
import { createS3Provider } from '../../src/s3-provider.js';
import type { S3BackendSettings, S3Clients } from '../../src/config/index.js';
import { dynamoClient, s3Client, servers } from './test-stores.js';

/** Lock configurations the suite runs in. */
export type LockModeName = 'dynamodb' | 'lockfile' | 'both' | 'none';

/** Raw keys of DynamoDB items start with this, the rest is the item's LockID. */
export const ITEM_KEY_PREFIX = 'dynamodb:';

/** Consistency window given to providers in these tests (Terraform's 10 s would make digest cases slow). */
export const TEST_CONSISTENCY = { windowMs: 1_500, pollMs: 50 };

/** Settings of a namespace: everything lives under `<namespace>/` in the shared bucket. */
export function namespaceSettings(namespace: string, mode: LockModeName, bucket: string, table: string): S3BackendSettings {
  return {
    bucket,
    key: `${namespace}/terraform.tfstate`,
    workspaceKeyPrefix: `${namespace}/env:`,
    region: 'us-east-1',
    useLockfile: mode === 'lockfile' || mode === 'both',
    dynamodbTable: mode === 'dynamodb' || mode === 'both' ? table : undefined,
    encrypt: false,
    skipS3Checksum: false,
  };
}

/**
 * The conformance harness: one client pair (S3 + DynamoDB SDK clients) per `create`, namespaces
 * as key prefixes in one versioned bucket, and raw access to objects and items.
 *
 * Raw DynamoDB items appear as `dynamodb:<LockID>`. A digest item reads as its `Digest` text. A
 * lock item reads as its `Info` text, except in "both" mode, where the lock file already carries
 * the very same bytes and the item reads as its whole JSON, so that the suite's "exactly one
 * raw record holds the Go-encoded LockInfo" check looks at the lock file.
 */
export function s3Harness(mode: LockModeName, bucket: string, table: string): ConformanceHarness {
  const admin = s3Client();
  const adminTable = dynamoClient();
  const clientsOf = new WeakMap<StateProvider, S3Clients>();
  const itemPrefix = (namespace: string) => `${bucket}/${namespace}/`;
  return {
    create({ namespace }) {
      const clients: S3Clients = { s3: s3Client(), dynamodb: dynamoClient() };
      const provider = createS3Provider({
        settings: namespaceSettings(namespace, mode, bucket, table),
        clients,
        consistency: TEST_CONSISTENCY,
        ownsClients: true,
      });
      clientsOf.set(provider, clients);
      return provider;
    },
    inspect: {
      async listKeys(namespace) {
        const objects = await listObjectKeys(admin, bucket, `${namespace}/`);
        const items = await listItemIds(adminTable, table, itemPrefix(namespace));
        return [...objects, ...items.map((id) => ITEM_KEY_PREFIX + id)];
      },
      async readRaw(_namespace, key) {
        if (key.startsWith(ITEM_KEY_PREFIX)) {
          const response = await adminTable.send(
            new GetItemCommand({ TableName: table, Key: { LockID: { S: key.slice(ITEM_KEY_PREFIX.length) } }, ConsistentRead: true }),
          );
          const item = response.Item;
          if (item === undefined) return undefined;
          const text =
            item.Digest?.S ??
            (mode === 'both' ? JSON.stringify({ LockID: item.LockID?.S, Info: item.Info?.S }) : (item.Info?.S ?? ''));
          return new TextEncoder().encode(text);
        }
        try {
          const response = await admin.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          return await response.Body?.transformToByteArray();
        } catch (error) {
          if ((error as Error).name === 'NoSuchKey') return undefined;
          throw error;
        }
      },
    },
    tamper: {
      async writeRaw(_namespace, key, bytes) {
        if (key.startsWith(ITEM_KEY_PREFIX)) {
          const text = new TextDecoder().decode(bytes);
          const attribute = key.endsWith('-md5') ? 'Digest' : 'Info';
          await adminTable.send(
            new PutItemCommand({ TableName: table, Item: { LockID: { S: key.slice(ITEM_KEY_PREFIX.length) }, [attribute]: { S: text } } }),
          );
          return;
        }
        await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      },
      async deleteRaw(_namespace, key) {
        if (key.startsWith(ITEM_KEY_PREFIX)) {
          await adminTable.send(new DeleteItemCommand({ TableName: table, Key: { LockID: { S: key.slice(ITEM_KEY_PREFIX.length) } } }));
          return;
        }
        await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      },
    },
    async crash(provider) {
      // A killed process simply stops: its connections go, nothing is released.
      const clients = clientsOf.get(provider);
      clients?.s3.destroy();
      clients?.dynamodb?.destroy();
    },
    async destroy(namespace) {
      await purgePrefix(admin, bucket, `${namespace}/`);
      for (const id of await listItemIds(adminTable, table, itemPrefix(namespace))) {
        await adminTable.send(new DeleteItemCommand({ TableName: table, Key: { LockID: { S: id } } }));
      }
    },
    secrets: [servers().s3.secretAccessKey],
  };
}

/** Current object keys under `prefix`, every page. */
export async function listObjectKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return keys;
}

/** LockIDs of the table's items that start with `prefix`. */
export async function listItemIds(client: DynamoDBClient, table: string, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'LockID',
        FilterExpression: 'begins_with(LockID, :prefix)',
        ExpressionAttributeValues: { ':prefix': { S: prefix } },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) if (item.LockID?.S !== undefined) ids.push(item.LockID.S);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return ids;
}

/** Deletes every version and delete marker under `prefix`. */
export async function purgePrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  for (;;) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
    const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter((entry) => entry.Key !== undefined)
      .map((entry) => ({ Key: entry.Key as string, VersionId: entry.VersionId }));
    if (entries.length === 0) return;
    for (let start = 0; start < entries.length; start += 1000) {
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: entries.slice(start, start + 1000), Quiet: true } }));
    }
  }
}
