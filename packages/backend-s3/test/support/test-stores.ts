import {
  CreateTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { TestServers } from '@x/test-servers';
import { afterAll, inject } from 'vitest';

/** The servers @x/test-servers started for this run. */
export function servers() {
  const provided: TestServers = inject('testServers');
  if (provided.s3 === undefined || provided.dynamodb === undefined) {
    throw new Error('the S3 tests need TFSTATE_TEST_SERVERS=s3,dynamodb (see vitest.config.ts)');
  }
  return { s3: provided.s3, dynamodb: provided.dynamodb };
}

/**
 * An S3 client for radosgw: path style, and checksums only when required (radosgw rejects the
 * aws-chunked trailers the SDK's default mode sends for streams).
 */
export function s3Client(endpoint = servers().s3.endpoint): S3Client {
  const { s3 } = servers();
  return new S3Client({
    region: s3.region,
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
  });
}

/** A DynamoDB client for dynalite. */
export function dynamoClient(endpoint = servers().dynamodb.endpoint): DynamoDBClient {
  const { dynamodb } = servers();
  return new DynamoDBClient({
    region: dynamodb.region,
    endpoint,
    credentials: { accessKeyId: dynamodb.accessKeyId, secretAccessKey: dynamodb.secretAccessKey },
    maxAttempts: 5,
  });
}

/** An S3 client and a DynamoDB client for the calling test file, destroyed once its tests are done. */
export function clientsForFile(): { s3: S3Client; dynamodb: DynamoDBClient } {
  const s3 = s3Client();
  const dynamodb = dynamoClient();
  afterAll(() => {
    s3.destroy();
    dynamodb.destroy();
  });
  return { s3, dynamodb };
}

/** A unique lowercase name for buckets and tables. */
export function uniqueName(stem: string): string {
  return `${stem}-${randomBytes(5).toString('hex')}`;
}

/** Creates a bucket (versioned unless told otherwise). */
export async function createBucket(name: string, options: { versioned?: boolean } = {}): Promise<string> {
  const client = s3Client();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  if (options.versioned ?? true) {
    await client.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  client.destroy();
  return name;
}

/**
 * Creates a lock table shaped as Terraform documents it: partition key LockID (String). A test of a
 * wrongly keyed table names another partition key in `keyName`.
 */
export async function createLockTable(name: string, options: { keyName?: string } = {}): Promise<string> {
  const keyName = options.keyName ?? 'LockID';
  const client = dynamoClient();
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: keyName, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: name });
  client.destroy();
  return name;
}
