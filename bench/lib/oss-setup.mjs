import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { startOssServer, startTableStoreServer } from '@x/test-servers';
import { forEachConcurrently } from './concurrency.mjs';
import { rawOssClient } from './raw-oss-client.mjs';
import { initTerraformDirectory } from './terraform.mjs';

const tableStoreSdk = createRequire(import.meta.url)('tablestore');

/**
 * The OSS server (in front of the run's radosgw) and a TableStore server, both accepting one
 * key. Terraform 1.11.4 has no `tablestore_instance_name`: it takes the instance from the first
 * label of the endpoint host, which for http://127.0.0.1:PORT is "127", so the TableStore server
 * answers to that instance name.
 */
export async function startOssBenchServers(s3) {
  const key = { accessKeyId: `LTAI${randomBytes(8).toString('hex')}`, accessKeySecret: randomBytes(15).toString('base64url') };
  const oss = await startOssServer({ s3, credentials: [key] });
  let tablestore;
  try {
    tablestore = await startTableStoreServer({ instanceName: '127', credentials: [key] });
  } catch (error) {
    await oss.stop();
    throw error;
  }
  return {
    oss: { endpoint: oss.endpoint, region: oss.region, ...key },
    tablestore: { endpoint: tablestore.endpoint, instanceName: tablestore.instanceName, ...key },
    async stop() {
      await Promise.allSettled([oss.stop(), tablestore.stop()]);
    },
  };
}

export async function createOssBucket(oss, bucket) {
  await rawOssClient(oss, bucket).putBucket(bucket);
}

/** Terraform's lock table: one STRING primary-key column `LockID`, rows never expire. */
export async function createTableStoreLockTable(tablestore, table) {
  const client = new tableStoreSdk.Client({
    accessKeyId: tablestore.accessKeyId,
    secretAccessKey: tablestore.accessKeySecret,
    endpoint: tablestore.endpoint,
    instancename: tablestore.instanceName,
    maxRetries: 3,
  });
  await client.createTable({
    tableMeta: { tableName: table, primaryKey: [{ name: 'LockID', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
}

/** Puts `count` small objects named by `keyOf(index)`, `concurrency` at a time. */
export async function putManyOssObjects(client, count, keyOf, body, concurrency = 32) {
  await forEachConcurrently(count, concurrency, (index) => client.put(keyOf(index), Buffer.from(body), { mime: 'application/json' }));
}

/**
 * Arguments of the oss backend as a Terraform `backend "oss"` block gives them. `lockMode`
 * `tablestore` adds the table (no `tablestore_instance_name`: Terraform 1.11.4 has none and both
 * derive "127" from the endpoint); `lockfile` adds `use_lockfile`, which only our provider knows.
 */
export function ossBackendConfig({ oss, ossEndpoint, tablestoreEndpoint, bucket, prefix, lockMode, table }) {
  const config = {
    bucket,
    prefix,
    key: 'terraform.tfstate',
    endpoint: ossEndpoint ?? oss.endpoint,
    region: oss.region,
    access_key: oss.accessKeyId,
    secret_key: oss.accessKeySecret,
  };
  if (lockMode === 'tablestore') {
    config.tablestore_endpoint = tablestoreEndpoint;
    config.tablestore_table = table;
  }
  if (lockMode === 'lockfile') config.use_lockfile = true;
  return config;
}

/**
 * An outputs-only configuration with the oss backend, and `terraform init` run in it. The
 * settings go inline in the `backend "oss"` block, without `use_lockfile`, which Terraform's oss
 * backend does not know. Alibaba Cloud variables are dropped from the environment so none of
 * them points Terraform anywhere else.
 */
export async function prepareOssTerraformDirectory(directory, config) {
  const lines = Object.entries(config)
    .filter(([name]) => name !== 'use_lockfile')
    .map(([name, value]) => `    ${name} = ${JSON.stringify(value)}`);
  const mainConfiguration = `terraform {\n  backend "oss" {\n${lines.join('\n')}\n  }\n}\n\noutput "hello" {\n  value = "world"\n}\n`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ALICLOUD|ALIBABA_CLOUD)_/.test(name) && name !== 'OSS_ENDPOINT'));
  return initTerraformDirectory(directory, { 'main.tf': mainConfiguration }, { env });
}
