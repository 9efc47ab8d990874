import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { startDynalite } from '../src/dynalite/index.js';

test('startDynalite serves DynamoDB with real condition checks, and stop closes it', async () => {
  const server = await startDynalite();
  expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    maxAttempts: 1,
  });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: 'locks',
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // createTableMs is 0: the table is usable at once, without waitUntilTableExists.
    const lock = (owner: string) =>
      new PutItemCommand({
        TableName: 'locks',
        Item: { LockID: { S: 'bucket/terraform.tfstate' }, Info: { S: owner } },
        ConditionExpression: 'attribute_not_exists(LockID)',
      });
    await client.send(lock('first'));
    await expect(client.send(lock('second'))).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const item = await client.send(new GetItemCommand({ TableName: 'locks', Key: { LockID: { S: 'bucket/terraform.tfstate' } }, ConsistentRead: true }));
    expect(item.Item?.Info?.S).toBe('first');
  } finally {
    await server.stop();
  }
  // The SDK still holds a keep-alive connection; stop must not wait for it, and the port is closed.
  await expect(client.send(new GetItemCommand({ TableName: 'locks', Key: { LockID: { S: 'x' } } }))).rejects.toThrow();
  await server.stop();
  client.destroy();
});

test('two dynalite servers keep separate tables', async () => {
  const [first, second] = await Promise.all([startDynalite(), startDynalite()]);
  try {
    expect(first.endpoint).not.toBe(second.endpoint);
    const table = {
      TableName: 'only-in-first',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
      BillingMode: 'PAY_PER_REQUEST' as const,
    };
    const clientOf = (endpoint: string) =>
      new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
    await clientOf(first.endpoint).send(new CreateTableCommand(table));
    await expect(
      clientOf(second.endpoint).send(new GetItemCommand({ TableName: 'only-in-first', Key: { id: { S: 'x' } } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
});
