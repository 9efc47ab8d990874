import { get, type IncomingMessage } from 'node:http';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../src/fault-proxy/index.js';

const servers = inject('testServers');
const s3 = servers.s3!;
const dynamodb = servers.dynamodb!;
const bucket = 'fault-proxy';
const bigKey = 'big-object';
const bigBody = Buffer.alloc(256 * 1024, 'x');

const proxies: FaultProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.stop()));
});

function targetOf(endpoint: string) {
  const url = new URL(endpoint);
  return { host: url.hostname, port: Number(url.port) };
}

async function proxyTo(endpoint: string, ...faults: Parameters<typeof startFaultProxy>[1][]) {
  const proxy = await startFaultProxy(targetOf(endpoint), faults[0]);
  proxies.push(proxy);
  return proxy;
}

function s3Through(proxy: FaultProxy, maxAttempts = 1) {
  return new S3Client({
    endpoint: proxy.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: s3,
    maxAttempts,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A raw GET through the proxy on a fresh connection: how many body bytes arrived and how it ended. */
function rawGet(proxy: FaultProxy, path: string): Promise<{ status?: number; received: number; complete: boolean; error?: string }> {
  return new Promise((resolve) => {
    let received = 0;
    let response: IncomingMessage | undefined;
    const finish = (error?: NodeJS.ErrnoException) =>
      resolve({ status: response?.statusCode, received, complete: response?.complete ?? false, error: error?.code ?? error?.message });
    const request = get(`${proxy.endpoint}${path}`, { agent: false }, (answer) => {
      response = answer;
      answer.on('data', (chunk: Buffer) => (received += chunk.length));
      answer.on('error', finish);
      answer.on('close', () => finish());
    });
    request.on('error', finish);
  });
}

beforeAll(async () => {
  const direct = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3 });
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  await direct.send(new PutObjectCommand({ Bucket: bucket, Key: bigKey, Body: bigBody, ACL: 'public-read' }));
  direct.destroy();
});

describe('startFaultProxy without faults', () => {
  test('forwards signed S3 requests unchanged and counts them per method and path', async () => {
    const proxy = await proxyTo(s3.endpoint);
    const client = s3Through(proxy);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'counted', Body: 'through the proxy' }));
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'counted' }));
    expect(await object.Body?.transformToString()).toBe('through the proxy');
    await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'count' }));
    const counters = proxy.counters();
    expect(counters.requests).toBe(3);
    expect(counters.requestsByRoute).toEqual({ [`PUT /${bucket}/counted`]: 1, [`GET /${bucket}/counted`]: 1, [`GET /${bucket}/`]: 1 });
    expect(counters.requestLog[2]?.query).toContain('list-type=2');
    expect(counters.connections).toBeGreaterThanOrEqual(1);
    expect(Object.values(counters.faults).every((count) => count === 0)).toBe(true);
    proxy.resetCounters();
    expect(proxy.counters().requests).toBe(0);
    client.destroy();
  });

  test('streams a large body through intact', async () => {
    const proxy = await proxyTo(s3.endpoint);
    const result = await rawGet(proxy, `/${bucket}/${bigKey}`);
    expect(result).toEqual({ status: 200, received: bigBody.length, complete: true, error: undefined });
  });
});

describe('faults', () => {
  test('a 503 burst answers the next N requests with S3 SlowDown, which the SDK retries', async () => {
    const proxy = await proxyTo(s3.endpoint, { slowDownRequests: 1 });
    const once = s3Through(proxy, 1);
    await expect(once.send(new ListObjectsV2Command({ Bucket: bucket }))).rejects.toMatchObject({
      name: 'SlowDown',
      $metadata: { httpStatusCode: 503 },
    });
    // The burst is used up: the next request goes through.
    expect((await once.send(new ListObjectsV2Command({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(200);
    proxy.setFaults({ slowDownRequests: 2 });
    proxy.resetCounters();
    const retrying = s3Through(proxy, 3);
    const head = await retrying.send(new HeadObjectCommand({ Bucket: bucket, Key: bigKey }));
    expect(head.ContentLength).toBe(bigBody.length);
    expect(head.$metadata.attempts).toBe(3);
    expect(proxy.counters().faults.slowDowns).toBe(2);
    expect(proxy.counters().requests).toBe(3);
    once.destroy();
    retrying.destroy();
  });

  test('a dropped response makes the SDK retry a create-only PUT that had succeeded, which then gets 412', async () => {
    const proxy = await proxyTo(s3.endpoint, { dropResponses: 1, match: { method: 'PUT' } });
    const client = s3Through(proxy, 3);
    const key = 'dropped.tflock';
    await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'lock info', IfNoneMatch: '*' }))).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412, attempts: 2 },
    });
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await object.Body?.transformToString()).toBe('lock info');
    const counters = proxy.counters();
    expect(counters.faults.droppedResponses).toBe(1);
    expect(counters.requestsByRoute[`PUT /${bucket}/${key}`]).toBe(2);
    client.destroy();
  });

  test('resetProbability 1 resets the connection before the request reaches the server', async () => {
    const proxy = await proxyTo(s3.endpoint, { resetProbability: 1, match: { method: 'PUT' } });
    const client = s3Through(proxy, 1);
    await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'never-written', Body: 'x' }))).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    await expect(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'never-written' }))).rejects.toMatchObject({ name: 'NotFound' });
    expect(proxy.counters().faults.resets).toBe(1);
    client.destroy();
  });

  test('random resets follow the seed: the same seed gives the same sequence', async () => {
    const outcomes = async (seed: number) => {
      const proxy = await proxyTo(s3.endpoint, { resetProbability: 0.5, seed });
      const results: string[] = [];
      for (let index = 0; index < 16; index += 1) {
        const result = await rawGet(proxy, `/${bucket}/${bigKey}`);
        results.push(result.complete ? 'answered' : 'reset');
      }
      expect(proxy.counters().faults.resets).toBe(results.filter((outcome) => outcome === 'reset').length);
      return results;
    };
    const first = await outcomes(42);
    expect(await outcomes(42)).toEqual(first);
    expect(first).toContain('reset');
    expect(first).toContain('answered');
    expect(await outcomes(7)).not.toEqual(first);
  });

  test('cutResponseAfterBytes closes the connection mid-body after exactly that many bytes', async () => {
    const proxy = await proxyTo(s3.endpoint, { cutResponseAfterBytes: 1000 });
    const result = await rawGet(proxy, `/${bucket}/${bigKey}`);
    expect(result.status).toBe(200);
    expect(result.received).toBe(1000);
    expect(result.complete).toBe(false);
    expect(proxy.counters().faults.cutResponses).toBe(1);
    const client = s3Through(proxy, 1);
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: bigKey }));
    await expect(object.Body?.transformToByteArray()).rejects.toThrow();
    client.destroy();
  });

  test('resetAfterResponseBytes resets the connection mid-body', async () => {
    const proxy = await proxyTo(s3.endpoint, { resetAfterResponseBytes: 1000 });
    const result = await rawGet(proxy, `/${bucket}/${bigKey}`);
    expect(result.status).toBe(200);
    expect(result.complete).toBe(false);
    expect(result.received).toBeLessThanOrEqual(1000);
    expect(result.error).toBe('ECONNRESET');
    expect(proxy.counters().faults.resets).toBe(1);
  });

  test('a blackhole never answers, so the client times out', async () => {
    const proxy = await proxyTo(s3.endpoint, { blackhole: true });
    const client = s3Through(proxy, 1);
    await expect(
      client.send(new HeadObjectCommand({ Bucket: bucket, Key: bigKey }), { abortSignal: AbortSignal.timeout(300) }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(proxy.counters().faults.blackholed).toBe(1);
    client.destroy();
  });

  test('latency delays each request by at least latencyMs', async () => {
    const proxy = await proxyTo(s3.endpoint, { latencyMs: 150 });
    const client = s3Through(proxy, 1);
    const started = performance.now();
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: bigKey }));
    // A lower bound only: the delay is a timer that never fires early by more than a tick.
    expect(performance.now() - started).toBeGreaterThanOrEqual(149);
    expect(proxy.counters().faults.delayed).toBe(1);
    client.destroy();
  });

  test('match limits faults to the requests it names', async () => {
    const proxy = await proxyTo(s3.endpoint, { slowDownRequests: 5, match: { method: 'PUT', path: /\.tflock$/ } });
    const client = s3Through(proxy, 1);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'state.tfstate', Body: '{}' }));
    await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'state.tfstate.tflock', Body: '{}' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    expect(proxy.counters().faults.slowDowns).toBe(1);
    client.destroy();
  });

  test('a 503 burst in front of DynamoDB answers in its JSON protocol', async () => {
    const proxy = await proxyTo(dynamodb.endpoint, { slowDownRequests: 1 });
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region: dynamodb.region, credentials: dynamodb, maxAttempts: 1 });
    await expect(client.send(new ListTablesCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 503 },
    });
    const tables = await client.send(new ListTablesCommand({}));
    expect(Array.isArray(tables.TableNames)).toBe(true);
    client.destroy();
  });

  test('rejects settings that mean nothing', async () => {
    await expect(startFaultProxy(targetOf(s3.endpoint), { resetProbability: 2 })).rejects.toThrow(/resetProbability must be between 0 and 1/);
    const proxy = await proxyTo(s3.endpoint);
    expect(() => proxy.setFaults({ latencyMs: -5 })).toThrow(/latencyMs must be a number >= 0/);
  });

  test('stop closes open connections and the listener', async () => {
    const proxy = await proxyTo(s3.endpoint, { blackhole: true });
    const pending = rawGet(proxy, `/${bucket}/${bigKey}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await proxy.stop();
    expect((await pending).complete).toBe(false);
    await expect(fetch(proxy.endpoint)).rejects.toThrow();
  });
});
