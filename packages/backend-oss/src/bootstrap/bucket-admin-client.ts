import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import OSS from 'ali-oss';
import type { OssBackendSettings, OssCredentials } from '../config/oss-settings.js';
import { ossCodeOf, ossStatusOf } from '../storage/sdk-errors.js';
import { aliOssOptions } from '../storage/oss-objects.js';

/** The bucket-level ali-oss calls bootstrap makes (its published types lack or mistype several). */
export interface BucketAdminClient {
  putBucket(name: string, options?: { acl?: string }): Promise<unknown>;
  getBucketInfo(name: string): Promise<{ bucket: Record<string, unknown> }>;
  getBucketVersioning(name: string): Promise<{ versionStatus?: string }>;
  putBucketVersioning(name: string, status: 'Enabled' | 'Suspended'): Promise<unknown>;
  getBucketEncryption(name: string): Promise<{ encryption?: { SSEAlgorithm?: string; KMSMasterKeyID?: string } }>;
  putBucketEncryption(name: string, rule: { SSEAlgorithm: string; KMSMasterKeyID?: string }): Promise<unknown>;
  getBucketACL(name: string): Promise<{ acl: string }>;
  putBucketACL(name: string, acl: string): Promise<unknown>;
}

/** A bucket client signed and addressed exactly like the provider's, and how to close it. */
export function createBucketAdminClient(settings: OssBackendSettings, credentials: OssCredentials): { client: BucketAdminClient; close(): void } {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const client = new OSS(aliOssOptions({ settings, credentials, timeoutMilliseconds: 60_000 }, agents)) as unknown as BucketAdminClient;
  return {
    client,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** True when the server says it does not implement the API (HTTP 501, `NotImplemented`). */
export function isNotImplemented(error: unknown): boolean {
  return ossStatusOf(error) === 501 || ossCodeOf(error) === 'NotImplemented';
}

/** `Code (HTTP 400)` of an ali-oss error, for a step's detail. */
export function describeAnswer(error: unknown): string {
  const status = ossStatusOf(error);
  return `${ossCodeOf(error) ?? 'an error'}${status === undefined ? '' : ` (HTTP ${status})`}`;
}
