import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
// Not the shared global setup: these tests also need a second, temporary (STS-style) key
// that both servers accept, which the STS and ECS responders of the credential tests hand out.
import { startOssServer, startRadosgw, startTableStoreServer } from '@x/test-servers';

/** What the OSS tests receive from `inject('ossTestServers')`. */
export interface OssTestServers {
  oss: { endpoint: string; region: string; accessKeyId: string; accessKeySecret: string };
  tablestore: { endpoint: string; instanceName: string; accessKeyId: string; accessKeySecret: string };
  /** Temporary credentials both servers accept: what the STS and ECS responders of the tests hand out. */
  sessionCredentials: { accessKeyId: string; accessKeySecret: string; securityToken: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    ossTestServers: OssTestServers;
  }
}

/** Starts radosgw, the OSS server in front of it and a TableStore server, all on 127.0.0.1. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const longTerm = { accessKeyId: `LTAI${randomBytes(8).toString('hex')}`, accessKeySecret: randomBytes(15).toString('base64url') };
  const session = {
    accessKeyId: `STS.${randomBytes(8).toString('hex')}`,
    accessKeySecret: randomBytes(15).toString('base64url'),
    securityToken: `CAIS${randomBytes(24).toString('base64url')}`,
  };
  const s3 = await startRadosgw();
  const stops: Array<() => Promise<void>> = [() => s3.stop()];
  try {
    const oss = await startOssServer({ s3, credentials: [longTerm, session] });
    stops.unshift(() => oss.stop());
    const tablestore = await startTableStoreServer({ credentials: [longTerm, session] });
    stops.unshift(() => tablestore.stop());
    project.provide('ossTestServers', {
      oss: { endpoint: oss.endpoint, region: oss.region, ...longTerm },
      tablestore: { endpoint: tablestore.endpoint, instanceName: tablestore.instanceName, ...longTerm },
      sessionCredentials: session,
    });
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}
