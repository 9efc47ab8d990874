import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Environment that keeps every AWS client offline and free of optional checksums (spec §6.5). */
export function offlineAwsEnvironment(s3Server) {
  return {
    AWS_ACCESS_KEY_ID: s3Server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3Server.secretAccessKey,
    AWS_REGION: s3Server.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
  };
}

/** A plain SDK S3 client, configured the way the raw baselines use it. */
export function rawS3Client(s3Server, endpoint = s3Server.endpoint) {
  return new S3Client({
    endpoint,
    region: s3Server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3Server.accessKeyId, secretAccessKey: s3Server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function rawDynamoClient(dynamoServer, endpoint = dynamoServer.endpoint) {
  return new DynamoDBClient({
    endpoint,
    region: dynamoServer.region,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
}

export async function createBucket(client, bucket) {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Terraform's lock table: partition key `LockID` (String), nothing else (spec §2.1). */
export async function createLockTable(client, table) {
  await client.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/** Puts `count` small objects named by `keyOf(index)`, `concurrency` requests at a time. */
export async function putManyObjects(client, bucket, count, keyOf, body, concurrency = 48) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(index), Body: body, ContentType: 'application/json' }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Settings of the s3 backend exactly as a Terraform `backend "s3"` block would give them, pointed
 * at `endpoints` and kept offline (path style, every network check skipped).
 */
export function s3BackendConfig({ s3Server, s3Endpoint, dynamodbEndpoint, bucket, key, lockMode, table }) {
  const config = {
    bucket,
    key,
    region: s3Server.region,
    access_key: s3Server.accessKeyId,
    secret_key: s3Server.secretAccessKey,
    endpoints: { s3: s3Endpoint ?? s3Server.endpoint },
    use_path_style: true,
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    skip_s3_checksum: true,
  };
  if (lockMode === 'lockfile' || lockMode === 'both') config.use_lockfile = true;
  if (lockMode === 'dynamodb' || lockMode === 'both') {
    config.dynamodb_table = table;
    config.endpoints.dynamodb = dynamodbEndpoint;
  }
  return config;
}
