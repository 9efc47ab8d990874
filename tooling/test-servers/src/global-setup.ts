import type { TestProject } from 'vitest/node';
import { chooseBackend, type TestBackend } from './containers/choose-backend.js';
import type { DynamoServer } from './dynalite/index.js';
import type { S3Server } from './radosgw/index.js';

/** Servers a package can ask for. */
export type TestServerKind = 's3' | 'dynamodb' | 'oss' | 'tablestore';

const allKinds: readonly TestServerKind[] = ['s3', 'dynamodb', 'oss', 'tablestore'];

/** Plain-JSON description of the running servers, as tests receive it from `inject('testServers')`. */
export interface TestServers {
  /** `local`: processes on this machine (radosgw, dynalite, ...); `containers`: MinIO/LocalStack in Docker. */
  backend: TestBackend;
  s3?: {
    implementation: 'radosgw' | 'minio';
    endpoint: string;
    region: 'us-east-1';
    accessKeyId: string;
    secretAccessKey: string;
    /** Role the user may assume through STS at `endpoint` (radosgw only). */
    stsRoleArn?: string;
    /** Key ids accepted for SSE-KMS; empty when the server has no KMS. */
    kmsKeyIds: string[];
  };
  dynamodb?: {
    implementation: 'dynalite' | 'localstack';
    endpoint: string;
    region: string;
    /** Any credentials work; these are here so clients need no environment. */
    accessKeyId: string;
    secretAccessKey: string;
  };
  oss?: { endpoint: string; region: string; accessKeyId: string; accessKeySecret: string };
  tablestore?: { endpoint: string; instanceName: string; accessKeyId: string; accessKeySecret: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServers: TestServers;
  }
}

/** Running servers plus the function that stops all of them. */
export interface StartedTestServers {
  servers: TestServers;
  stop(): Promise<void>;
}

/**
 * Parses a comma list such as `s3,dynamodb`. Rejects unknown names with the list of valid ones, so a
 * typo in TFSTATE_TEST_SERVERS fails the run instead of silently starting nothing.
 */
export function parseServerKinds(list: string): TestServerKind[] {
  const names = list.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((name) => !allKinds.includes(name as TestServerKind));
  if (unknown.length > 0) {
    throw new Error(`TFSTATE_TEST_SERVERS names unknown servers: ${unknown.join(', ')}. Valid names: ${allKinds.join(', ')}.`);
  }
  return [...new Set(names as TestServerKind[])];
}

/**
 * Starts the requested servers in parallel (OSS waits for S3, which stores its objects; OSS and
 * TableStore are always the local protocol servers, as no container image exists) and returns
 * their JSON description. If any fails to start, the ones that did start are stopped before the
 * error is rethrown.
 */
export async function startTestServers(kinds: readonly TestServerKind[], backend?: TestBackend): Promise<StartedTestServers> {
  const chosenBackend = backend ?? (await chooseBackend());
  const wanted = new Set<TestServerKind>(kinds);
  const stops: Array<() => Promise<void>> = [];
  const servers: TestServers = { backend: chosenBackend };
  const track = <T extends { stop(): Promise<void> }>(server: T): T => {
    stops.push(() => server.stop());
    return server;
  };
  const stopAll = async () => {
    const results = await Promise.allSettled(stops.splice(0).map((stop) => stop()));
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length > 0) throw new AggregateError(failures.map((failure) => failure.reason), 'stopping the test servers failed');
  };

  const startS3 = async (): Promise<S3Server | undefined> => {
    if (!wanted.has('s3') && !wanted.has('oss')) return undefined;
    const server = track(
      chosenBackend === 'containers'
        ? await (await import('./containers/minio.js')).startMinio()
        : await (await import('./radosgw/index.js')).startRadosgw(),
    );
    servers.s3 = {
      implementation: chosenBackend === 'containers' ? 'minio' : 'radosgw',
      endpoint: server.endpoint,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      kmsKeyIds: server.kmsKeyIds ?? [],
      ...(server.stsRoleArn ? { stsRoleArn: server.stsRoleArn } : {}),
    };
    return server;
  };
  const startDynamo = async () => {
    if (!wanted.has('dynamodb')) return;
    const server: DynamoServer = track(
      chosenBackend === 'containers'
        ? await (await import('./containers/localstack.js')).startLocalStackDynamo()
        : await (await import('./dynalite/index.js')).startDynalite(),
    );
    servers.dynamodb = {
      implementation: chosenBackend === 'containers' ? 'localstack' : 'dynalite',
      endpoint: server.endpoint,
      region: server.region,
      accessKeyId: 'test',
      secretAccessKey: 'testsecret',
    };
  };
  const startOss = async (s3: S3Server | undefined) => {
    if (!wanted.has('oss') || !s3) return;
    const server = track(await (await import('./oss/index.js')).startOssServer({ s3 }));
    servers.oss = { endpoint: server.endpoint, region: server.region, accessKeyId: server.accessKeyId, accessKeySecret: server.accessKeySecret };
  };
  const startTableStore = async () => {
    if (!wanted.has('tablestore')) return;
    const server = track(await (await import('./tablestore/index.js')).startTableStoreServer());
    servers.tablestore = {
      endpoint: server.endpoint,
      instanceName: server.instanceName,
      accessKeyId: server.accessKeyId,
      accessKeySecret: server.accessKeySecret,
    };
  };

  try {
    const results = await Promise.allSettled([startS3().then(startOss), startDynamo(), startTableStore()]);
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length === 1) throw failures[0]?.reason;
    if (failures.length > 1) throw new AggregateError(failures.map((failure) => failure.reason), 'several test servers did not start');
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  return { servers, stop: stopAll };
}

/**
 * Makes a vitest globalSetup that starts `servers` (or, without them, the list in TFSTATE_TEST_SERVERS
 * from the environment or from the project's `test.env`) and provides them as `testServers`.
 *
 * ```ts
 * // test/global-setup.ts
 * export default testServersSetup(['s3', 'dynamodb']);
 * ```
 */
export function testServersSetup(servers?: readonly TestServerKind[]) {
  return async function setup(project: TestProject): Promise<() => Promise<void>> {
    const list = process.env.TFSTATE_TEST_SERVERS ?? project.config.env?.TFSTATE_TEST_SERVERS;
    const kinds = servers ?? (typeof list === 'string' ? parseServerKinds(list) : []);
    const started = await startTestServers(kinds);
    project.provide('testServers', started.servers);
    return () => started.stop();
  };
}

/** The globalSetup for `globalSetup: ['@x/test-servers/global-setup']`: reads TFSTATE_TEST_SERVERS. */
export default testServersSetup();
