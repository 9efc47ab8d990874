import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { forEachConcurrently } from './concurrency.mjs';
import { initTerraformDirectory, renderBackendFile } from './terraform.mjs';

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
  await forEachConcurrently(count, concurrency, (index) =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(index), Body: body, ContentType: 'application/json' })),
  );
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

/** A configuration with no providers: one literal output, state in the s3 backend. */
const outputsOnlyConfiguration = `terraform {
  backend "s3" {}
}

output "hello" {
  value = "world"
}
`;

/**
 * An outputs-only configuration with the s3 backend, its settings in `backend.hcl` (so `config`
 * can hold objects such as `endpoints`), and `terraform init` run in it with `awsEnvironment`.
 */
export async function prepareS3TerraformDirectory(directory, config, awsEnvironment) {
  return initTerraformDirectory(
    directory,
    { 'main.tf': outputsOnlyConfiguration, 'backend.hcl': renderBackendFile(config) },
    { env: { ...process.env, ...awsEnvironment }, initArguments: ['-backend-config=backend.hcl'] },
  );
}
