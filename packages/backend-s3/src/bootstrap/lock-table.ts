import {
  CreateTableCommand,
  DescribeTableCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { bootstrapStep, type BootstrapStep } from '@x/backend-core';
import { errorName, toBackendError } from '../s3-errors.js';

const NAME = 'lock-table';
/** How long to wait for a new (or still creating) table to become ACTIVE. */
const ACTIVE_WAIT_SECONDS = 300;

async function describe(dynamodb: DynamoDBClient, table: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamodb.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Why the table cannot serve as Terraform's lock table, or undefined when it can. */
function schemaProblem(table: TableDescription): string | undefined {
  const keys = table.KeySchema ?? [];
  const hash = keys.find((key) => key.KeyType === 'HASH');
  if (keys.length !== 1 || hash?.AttributeName !== 'LockID') {
    const shown = keys.map((key) => `${key.AttributeName} (${key.KeyType})`).join(', ') || 'none';
    return `its key is ${shown}, but Terraform needs exactly the partition key "LockID"`;
  }
  const type = table.AttributeDefinitions?.find((attribute) => attribute.AttributeName === 'LockID')?.AttributeType;
  if (type !== 'S') return `its "LockID" key is of type ${type ?? 'unknown'}, but Terraform needs String (S)`;
  return undefined;
}

async function waitActive(dynamodb: DynamoDBClient, table: string): Promise<void> {
  // The SDK's default first pause is 20 s; new tables usually turn ACTIVE within seconds.
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: ACTIVE_WAIT_SECONDS, minDelay: 1, maxDelay: 10 }, { TableName: table });
}

async function checkExisting(dynamodb: DynamoDBClient, existing: TableDescription, table: string, dryRun: boolean): Promise<BootstrapStep> {
  const problem = schemaProblem(existing);
  if (problem !== undefined) {
    return bootstrapStep(NAME, table, 'conflict', `DynamoDB table "${table}" exists but ${problem}; use another dynamodb_table or recreate it`);
  }
  if (existing.TableStatus !== 'ACTIVE' && !dryRun) await waitActive(dynamodb, table);
  return bootstrapStep(NAME, table, 'already', `DynamoDB table "${table}" exists with the partition key LockID (String)`);
}

/**
 * Terraform's DynamoDB lock table: partition key `LockID` (String), on-demand billing. A missing
 * table is created and waited for until ACTIVE; an existing one is checked (and waited for if
 * still being created). A table with another key cannot be changed in place: `conflict`.
 */
export async function ensureLockTable(dynamodb: DynamoDBClient, table: string, dryRun: boolean): Promise<BootstrapStep> {
  try {
    const existing = await describe(dynamodb, table);
    if (existing !== undefined) return await checkExisting(dynamodb, existing, table, dryRun);
    if (dryRun) return bootstrapStep(NAME, table, 'would-create', `DynamoDB table "${table}" would be created (LockID String key, on-demand billing)`);
    try {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: table,
          KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      // Created by someone else since DescribeTable: check it as an existing table.
      const appeared = errorName(error) === 'ResourceInUseException' ? await describe(dynamodb, table) : undefined;
      if (appeared === undefined) throw error;
      return await checkExisting(dynamodb, appeared, table, dryRun);
    }
    await waitActive(dynamodb, table);
    return bootstrapStep(NAME, table, 'created', `created DynamoDB table "${table}" (LockID String key, on-demand billing) and waited until ACTIVE`);
  } catch (error) {
    throw toBackendError(error, { action: 'set up the lock table', table });
  }
}
