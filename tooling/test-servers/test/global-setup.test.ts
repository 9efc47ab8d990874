import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, test } from 'vitest';
import { chooseBackend, containerEngineAnswers } from '../src/containers/choose-backend.js';
import { parseServerKinds, startTestServers } from '../src/global-setup.js';

describe('global setup', () => {
  test('provides the servers named in TFSTATE_TEST_SERVERS, reachable with the provided credentials', async () => {
    const servers = inject('testServers');
    expect(servers.backend).toBe(await chooseBackend());
    expect(servers.s3?.implementation).toBe(servers.backend === 'local' ? 'radosgw' : 'minio');
    expect(servers.dynamodb?.implementation).toBe(servers.backend === 'local' ? 'dynalite' : 'localstack');
    expect(servers.oss).toBeUndefined();
    expect(servers.tablestore).toBeUndefined();
    const s3 = servers.s3!;
    const s3Client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3, maxAttempts: 1 });
    expect((await s3Client.send(new ListBucketsCommand({}))).$metadata.httpStatusCode).toBe(200);
    const dynamodb = servers.dynamodb!;
    const dynamoClient = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: dynamodb.region, credentials: dynamodb, maxAttempts: 1 });
    expect((await dynamoClient.send(new ListTablesCommand({}))).$metadata.httpStatusCode).toBe(200);
    s3Client.destroy();
    dynamoClient.destroy();
  });

  test('startTestServers starts only what is asked for and stops it', async () => {
    const started = await startTestServers(['dynamodb'], 'local');
    expect(Object.keys(started.servers).sort()).toEqual(['backend', 'dynamodb']);
    const endpoint = started.servers.dynamodb!.endpoint;
    expect((await fetch(endpoint, { method: 'POST' })).status).toBe(400);
    await started.stop();
    await expect(fetch(endpoint, { method: 'POST' })).rejects.toThrow();
  });
});

describe('parseServerKinds', () => {
  test('reads a comma list, ignoring case, blanks and repeats', () => {
    expect(parseServerKinds(' s3, DynamoDB,,s3 ')).toEqual(['s3', 'dynamodb']);
    expect(parseServerKinds('')).toEqual([]);
  });

  test('names unknown servers and the valid ones', () => {
    expect(() => parseServerKinds('s3,sqs')).toThrow('TFSTATE_TEST_SERVERS names unknown servers: sqs. Valid names: s3, dynamodb, oss, tablestore.');
  });
});

describe('chooseBackend', () => {
  test('TEST_BACKEND or TFSTATE_TEST_BACKEND decide when set', async () => {
    expect(await chooseBackend({ TEST_BACKEND: 'local' })).toBe('local');
    expect(await chooseBackend({ TEST_BACKEND: 'containers' })).toBe('containers');
    expect(await chooseBackend({ TFSTATE_TEST_BACKEND: 'local', TEST_BACKEND: 'containers' })).toBe('local');
    await expect(chooseBackend({ TEST_BACKEND: 'docker' })).rejects.toThrow(/use "local".*or "containers"/);
  });

  test('without a setting, containers are chosen exactly when a container engine answers', async () => {
    const engine = await containerEngineAnswers();
    expect(await chooseBackend({})).toBe(engine ? 'containers' : 'local');
  });
});

describe('startTestServers with every server', () => {
  test('starts OSS in front of S3 and TableStore, and stops all of them', async () => {
    const started = await startTestServers(['s3', 'dynamodb', 'oss', 'tablestore'], 'local');
    const { s3, dynamodb, oss, tablestore } = started.servers;
    const endpoints = [s3?.endpoint, dynamodb?.endpoint, oss?.endpoint, tablestore?.endpoint];
    expect(endpoints.every((endpoint) => typeof endpoint === 'string' && endpoint.startsWith('http://127.0.0.1:'))).toBe(true);
    expect(new Set(endpoints).size).toBe(4);
    expect(oss?.accessKeyId).toBeTruthy();
    expect(tablestore?.instanceName).toBeTruthy();
    for (const endpoint of endpoints) await fetch(endpoint!);
    await started.stop();
    for (const endpoint of endpoints) await expect(fetch(endpoint!)).rejects.toThrow();
  });
});
