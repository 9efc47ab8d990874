import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCephPackages } from './ceph-packages.js';
import { configPath, gatewayName, renderCephConfig, type ClusterLayout } from './ceph-config.js';
import { describeDaemonOutput, startDaemon, type Daemon } from './daemon.js';
import { findFreePort } from './free-port.js';
import { clusterFolderPrefix, recordOwner, removeLeftoverClusters } from './leftover-clusters.js';
import { runCommand } from './run-command.js';
import { createTestIdentities, testRole, testUser } from './test-identities.js';
import { waitForS3 } from './wait-for-s3.js';

export { ensureCephPackages } from './ceph-packages.js';

/** A running S3 server on 127.0.0.1 with one user whose keys are below. */
export interface S3Server {
  /** `http://127.0.0.1:PORT`; use path-style addressing (`forcePathStyle: true`). */
  endpoint: string;
  region: 'us-east-1';
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * A role the user may assume with STS AssumeRole at `endpoint` (radosgw only; it grants s3:*).
   * Undefined on servers without STS.
   */
  stsRoleArn?: string;
  /** KMS key ids the server accepts for SSE-KMS (`SSEKMSKeyId`); undefined when it has no KMS. */
  kmsKeyIds?: string[];
  /** Kills the server's processes and deletes its data. Safe to call twice. */
  stop(): Promise<void>;
}

export interface RadosgwOptions {
  /**
   * Folder under which each cluster gets its own `radosgw-XXXXXX` folder (default
   * `<os tmpdir>/tfstate-test-servers`). Folders left there by crashed runs are removed on start.
   * Keep the path short: Ceph's admin sockets live below it (Unix socket paths max out at 107 bytes).
   */
  dataDirectory?: string;
  /** Memory the OSD may fill with object data (default 4 GiB, at least 64 MiB; allocated only as used). */
  memstoreBytes?: number;
  /** How long to wait for the cluster to serve S3 (default 90 s). */
  startTimeoutMs?: number;
}

const defaultMemstoreBytes = 4 * 1024 ** 3;
/** Below this the OSD soon reports itself full and radosgw answers writes with errors. */
const minimumMemstoreBytes = 64 * 1024 ** 2;

/**
 * Starts a throwaway one-node Ceph cluster (monitor, OSD on memstore, radosgw) on 127.0.0.1 random
 * ports and resolves once S3 ListBuckets succeeds with the test user's keys. Installs the Debian Ceph
 * packages when they are missing and the process runs as root; otherwise rejects with the command to
 * run. A failed start kills what it started and rejects with the tail of the daemons' logs.
 */
export async function startRadosgw(options: RadosgwOptions = {}): Promise<S3Server> {
  const memstoreBytes = options.memstoreBytes ?? defaultMemstoreBytes;
  if (!Number.isSafeInteger(memstoreBytes) || memstoreBytes < minimumMemstoreBytes) {
    throw new RangeError(`startRadosgw: memstoreBytes must be a whole number of at least ${minimumMemstoreBytes} (64 MiB), got ${String(options.memstoreBytes)}`);
  }
  await ensureCephPackages();
  const root = options.dataDirectory ?? join(tmpdir(), 'tfstate-test-servers');
  await mkdir(root, { recursive: true });
  await removeLeftoverClusters(root);
  // The ports are picked before the daemons bind them, so another process can take one in between.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startCluster(root, options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !/address already in use/i.test(error.message)) throw error;
    }
  }
}

async function startCluster(root: string, options: RadosgwOptions): Promise<S3Server> {
  const directory = await mkdtemp(join(root, clusterFolderPrefix));
  const daemons: Daemon[] = [];
  const stop = async () => {
    await Promise.all(daemons.map((daemon) => daemon.kill()));
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const layout = await bootstrapCluster(directory, options.memstoreBytes ?? defaultMemstoreBytes, daemons, options.startTimeoutMs ?? 90_000);
    let stopping: Promise<void> | undefined;
    return {
      endpoint: `http://127.0.0.1:${layout.gatewayPort}`,
      region: 'us-east-1',
      accessKeyId: testUser.accessKeyId,
      secretAccessKey: testUser.secretAccessKey,
      stsRoleArn: testRole.arn,
      kmsKeyIds: Object.keys(layout.kmsKeys),
      stop: () => (stopping ??= stop()),
    };
  } catch (error) {
    const logs = await Promise.all(
      daemons.map((daemon) => describeDaemonOutput(daemon, join(directory, 'log', `${daemon.name}.log`))),
    );
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Ceph radosgw test server did not start: ${reason}\n${logs.filter(Boolean).join('\n')}`, { cause: error });
  }
}

async function bootstrapCluster(directory: string, memstoreBytes: number, daemons: Daemon[], timeoutMs: number): Promise<ClusterLayout> {
  const deadline = Date.now() + timeoutMs;
  const [monitorPort, gatewayPort] = await distinctFreePorts();
  const layout: ClusterLayout = {
    directory,
    fsid: randomUUID(),
    monitorPort,
    gatewayPort,
    memstoreBytes,
    kmsKeys: { 'testkey-1': randomBytes(32).toString('base64'), 'testkey-2': randomBytes(32).toString('base64') },
    stsKey: randomBytes(8).toString('hex'),
  };
  const config = configPath(layout);
  const logDirectory = join(directory, 'log');
  for (const folder of ['run', 'log', 'mon', 'osd/ceph-0', 'rgw']) await mkdir(join(directory, folder), { recursive: true });
  await writeFile(config, renderCephConfig(layout));
  const launch = async (name: string, program: string, args: string[]) => {
    const daemon = startDaemon(name, program, ['-f', '-c', config, ...args], logDirectory);
    daemons.push(daemon);
    await recordOwner(directory, daemons.map((started) => started.pid));
  };
  const firstDeadDaemon = () => {
    const dead = daemons.find((daemon) => daemon.exitDescription() !== undefined);
    return dead ? `${dead.name} ${String(dead.exitDescription())}` : undefined;
  };
  const remaining = () => Math.max(1_000, deadline - Date.now());

  const monitorMap = join(directory, 'monmap');
  const monitorKeyring = join(directory, 'mon.keyring');
  await runCommand('monmaptool', ['--create', '--addv', 'a', `[v2:127.0.0.1:${monitorPort}]`, '--fsid', layout.fsid, monitorMap]);
  await runCommand('ceph-authtool', ['--create-keyring', monitorKeyring, '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *']);
  await runCommand('ceph-mon', ['-c', config, '--mkfs', '-i', 'a', '--monmap', monitorMap, '--keyring', monitorKeyring]);
  await launch('mon.a', 'ceph-mon', ['-i', 'a']);

  // Without --osd-uuid matching the id the monitor handed out, the OSD stays in "booting" forever.
  const osdUuid = randomUUID();
  const { stdout } = await runCommand('ceph', ['-c', config, '--connect-timeout', String(Math.ceil(remaining() / 1000)), 'osd', 'new', osdUuid], {
    timeoutMs: remaining(),
  });
  const osdId = stdout.trim();
  if (!/^\d+$/.test(osdId)) throw new Error(`ceph osd new answered ${JSON.stringify(stdout)} instead of an OSD id`);
  await runCommand('ceph-osd', ['-c', config, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid], { timeoutMs: remaining() });
  await launch(`osd.${osdId}`, 'ceph-osd', ['-i', osdId]);

  await launch(gatewayName, 'radosgw', ['-n', gatewayName]);
  await createTestIdentities(config);
  await waitForS3(
    { endpoint: `http://127.0.0.1:${gatewayPort}`, accessKeyId: testUser.accessKeyId, secretAccessKey: testUser.secretAccessKey },
    remaining(),
    firstDeadDaemon,
  );
  return layout;
}

async function distinctFreePorts(): Promise<[number, number]> {
  const first = await findFreePort();
  for (;;) {
    const second = await findFreePort();
    if (second !== first) return [first, second];
  }
}
