import { join } from 'node:path';

/** Everything that differs between two throwaway clusters. */
export interface ClusterLayout {
  /** The cluster's own folder; every path Ceph writes goes below it. */
  directory: string;
  fsid: string;
  monitorPort: number;
  gatewayPort: number;
  memstoreBytes: number;
  /** `name=base64 key` pairs for the `testing` KMS backend. */
  kmsKeys: Record<string, string>;
  /** Exactly 16 characters: radosgw encrypts STS session tokens with it. */
  stsKey: string;
}

export const gatewayName = 'client.rgw.a';

export function configPath(layout: ClusterLayout): string {
  return join(layout.directory, 'ceph.conf');
}

/**
 * Renders ceph.conf for a one-node cluster that only listens on 127.0.0.1, keeps its data in memory
 * (memstore) and runs without cephx. Each choice below that is not obvious fixes a failure seen while
 * building the recipe (see the comments).
 */
export function renderCephConfig(layout: ClusterLayout): string {
  const directory = layout.directory;
  const kmsKeys = Object.entries(layout.kmsKeys)
    .map(([name, key]) => `${name}=${key}`)
    .join(' ');
  return `[global]
fsid = ${layout.fsid}
mon host = v2:127.0.0.1:${layout.monitorPort}
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# Without crc mode radosgw loops on "get_initial_auth_request returned -13".
ms mon client mode = crc
ms client mode = crc
ms service mode = crc
ms cluster mode = crc
ms bind ipv6 = false
run dir = ${join(directory, 'run')}
admin socket = ${join(directory, 'run', '$name.asok')}
pid file = ${join(directory, 'run', '$name.pid')}
log file = ${join(directory, 'log', '$name.log')}
log to stderr = false
err to stderr = true
mon data = ${join(directory, 'mon', '$cluster-$id')}
osd data = ${join(directory, 'osd', '$cluster-$id')}
keyring = ${join(directory, 'keyring')}
osd objectstore = memstore
memstore device bytes = ${layout.memstoreBytes}
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# Terraform workspace keys can be long; the default limit would reject them with ENAMETOOLONG.
osd max object name len = 460
osd max object namespace len = 64
osd crush update on start = true
# Startup speed: the defaults batch monitor updates for 1 s and let a client notice a new pool's
# map only on its 5 s tick; with them the first radosgw-admin call waits about 11 s, with these under 1 s.
paxos propose interval = 0.01
paxos min wait = 0.001
objecter tick interval = 0.2

[${gatewayName}]
rgw frontends = beast endpoint=127.0.0.1:${layout.gatewayPort}
rgw data = ${join(directory, 'rgw')}
rgw thread pool size = 128
# SSE-KMS and SSE-C refuse plain http unless told otherwise.
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = ${kmsKeys}
rgw s3 auth use sts = true
rgw sts key = ${layout.stsKey}
`;
}
