import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { BackendCapabilities, ProbeCheck, ProbeReport } from '@x/backend-core';
import { randomBytes } from 'node:crypto';
import type { S3BackendSettings, S3Clients } from '../config/index.js';
import type { ConditionalCreateCheck } from '../lock/conditional-create-check.js';
import { hasTable } from '../s3-capabilities.js';
import { errorName, isPreconditionFailed } from '../s3-errors.js';
import type { S3Layout } from '../s3-layout.js';
import type { EtagMatching } from '../storage/etag-matching.js';
import type { ObjectStore } from '../storage/object-store.js';
import { componentIdentityChecks } from './component-identity.js';

/** What `probe()` works with. */
export interface ProbeContext {
  settings: S3BackendSettings;
  clients: S3Clients;
  objects: ObjectStore;
  etags: EtagMatching;
  layout: S3Layout;
  createCheck: ConditionalCreateCheck;
}

/**
 * Checks the live store: the bucket answers, conditional creates and `If-Match` are honoured (on
 * a probe object beside the default state, removed with all its versions afterwards), versioning
 * and default encryption, the lock table's key schema, and who the credentials are. Never throws
 * for a failed check; each finding names the capability it narrows.
 */
export async function probeStore(context: ProbeContext): Promise<ProbeReport> {
  const checks: ProbeCheck[] = [];
  const observed: { -readonly [K in keyof BackendCapabilities]?: boolean } = {};
  checks.push(await checkBucket(context));
  const conditional = await checkConditionalWrites(context);
  checks.push(...conditional.checks);
  observed.conditionalWrite = conditional.ifNoneMatch && conditional.ifMatch;
  if (context.settings.useLockfile && !conditional.ifNoneMatch) observed.locking = false;
  const versioning = await checkVersioning(context);
  checks.push(versioning.check);
  observed.versions = versioning.enabled;
  checks.push(await checkEncryption(context));
  if (hasTable(context.settings)) {
    const table = await checkLockTable(context);
    checks.push(table.check);
    if (!table.usable) {
      observed.locking = false;
      observed.digest = false;
    }
  }
  const identity = await checkIdentity(context);
  checks.push(identity.check, ...(await componentIdentityChecks(context.clients, identity.account)));
  return { checks, observed };
}

async function checkBucket({ clients, layout }: ProbeContext): Promise<ProbeCheck> {
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: layout.bucket }));
    return { id: 'bucket', ok: true, severity: 'info', message: `bucket "${layout.bucket}" is reachable` };
  } catch (error) {
    return {
      id: 'bucket',
      ok: false,
      severity: 'error',
      message: `bucket "${layout.bucket}" cannot be reached: ${errorName(error) ?? 'error'}`,
      fix: 'Check "bucket", "region", "endpoints.s3" and the credentials.',
    };
  }
}

async function checkConditionalWrites(
  context: ProbeContext,
): Promise<{ checks: ProbeCheck[]; ifNoneMatch: boolean; ifMatch: boolean }> {
  const { objects, layout, etags, settings } = context;
  const key = `${layout.locate('default').stateKey}.probe-${randomBytes(6).toString('hex')}`;
  const body = new TextEncoder().encode('{"probe":"tfstate"}');
  const checks: ProbeCheck[] = [];
  let ifNoneMatch = false;
  let ifMatch = false;
  try {
    const created = await objects.put(key, body, { ifNoneMatch: '*' });
    try {
      await objects.put(key, body, { ifNoneMatch: '*' });
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
      ifNoneMatch = true;
    }
    context.createCheck.recordProbe(ifNoneMatch);
    checks.push({
      id: 'conditional-writes',
      ok: ifNoneMatch,
      severity: ifNoneMatch ? 'info' : settings.useLockfile ? 'error' : 'warning',
      message: ifNoneMatch
        ? 'the store honours If-None-Match: a second conditional create was refused'
        : `the store ignores If-None-Match: a second conditional create succeeded, so lock files cannot exclude other clients (locking with use_lockfile, conditionalWrite)`,
      fix: ifNoneMatch ? undefined : 'Lock with dynamodb_table instead of use_lockfile, or use a store with conditional writes.',
    });
    const wrongRefused = await objects.put(key, body, { ifMatch: '"00000000000000000000000000000000"' }).then(
      () => false,
      (error: unknown) => isPreconditionFailed(error),
    );
    const rightAccepted = created.etag === undefined
      ? false
      : await etags.run(created.etag, (spelled) => objects.put(key, body, { ifMatch: spelled }), () => objects.etagOf(key)).then(
          () => true,
          () => false,
        );
    ifMatch = wrongRefused && rightAccepted;
    checks.push({
      id: 'if-match',
      ok: ifMatch,
      severity: ifMatch ? 'info' : 'warning',
      message: ifMatch
        ? `the store honours If-Match${etags.needsUnquoted ? ' (with unquoted ETags, a radosgw quirk handled automatically)' : ''}`
        : `the store does not honour If-Match on PUT (wrong ETag refused: ${wrongRefused}, right ETag accepted: ${rightAccepted}); conditionalWrite cannot be relied on`,
      fix: ifMatch ? undefined : 'Take the lock around read-modify-write instead of ifMatch.',
    });
  } catch (error) {
    checks.push({
      id: 'conditional-writes',
      ok: false,
      severity: 'error',
      message: `could not write the probe object "${key}" (conditionalWrite, locking unknown): ${errorName(error) ?? 'error'}`,
      fix: 'Allow s3:PutObject and s3:DeleteObject next to the state key, or run probe with credentials that may.',
    });
  } finally {
    await removeEveryVersion(context, key);
  }
  return { checks, ifNoneMatch, ifMatch };
}

/** Deletes every version of the probe object, or (without version permissions) the object. */
async function removeEveryVersion({ clients, layout, objects }: ProbeContext, key: string): Promise<void> {
  try {
    const listing = await clients.s3.send(new ListObjectVersionsCommand({ Bucket: layout.bucket, Prefix: key }));
    const entries = [...(listing.Versions ?? []), ...(listing.DeleteMarkers ?? [])].filter((entry) => entry.Key === key);
    for (const entry of entries) {
      await clients.s3.send(new DeleteObjectCommand({ Bucket: layout.bucket, Key: key, VersionId: entry.VersionId }));
    }
    if (entries.length > 0) return;
  } catch {
    // Fall back to a plain delete below.
  }
  await objects.delete(key).catch(() => undefined);
}

async function checkVersioning({ clients, layout }: ProbeContext): Promise<{ check: ProbeCheck; enabled: boolean }> {
  try {
    const response = await clients.s3.send(new GetBucketVersioningCommand({ Bucket: layout.bucket }));
    const enabled = response.Status === 'Enabled';
    return {
      enabled,
      check: {
        id: 'versioning',
        ok: enabled,
        severity: enabled ? 'info' : 'warning',
        message: enabled
          ? 'bucket versioning is enabled: earlier states are kept'
          : `bucket versioning is ${response.Status ?? 'not enabled'}: earlier states are lost on every write (versions)`,
        fix: enabled ? undefined : `Enable versioning on "${layout.bucket}" (HashiCorp recommends it for state buckets).`,
      },
    };
  } catch (error) {
    return {
      enabled: false,
      check: {
        id: 'versioning',
        ok: false,
        severity: 'warning',
        message: `bucket versioning could not be read (versions): ${errorName(error) ?? 'error'}`,
        fix: 'Allow s3:GetBucketVersioning to check it.',
      },
    };
  }
}

async function checkEncryption({ clients, layout, settings }: ProbeContext): Promise<ProbeCheck> {
  const requested = settings.encrypt ? (settings.kmsKeyId ? 'SSE-KMS' : settings.sseCustomerKey ? 'SSE-C' : 'SSE-S3') : 'none';
  try {
    const response = await clients.s3.send(new GetBucketEncryptionCommand({ Bucket: layout.bucket }));
    const rule = response.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    return {
      id: 'encryption',
      ok: true,
      severity: 'info',
      message: `bucket default encryption: ${rule?.SSEAlgorithm ?? 'none'}; requested per object: ${requested}`,
    };
  } catch (error) {
    const none = errorName(error) === 'ServerSideEncryptionConfigurationNotFoundError';
    return {
      id: 'encryption',
      ok: none || settings.encrypt,
      severity: settings.encrypt || none ? 'info' : 'warning',
      message: none
        ? `the bucket has no default encryption; requested per object: ${requested}`
        : `bucket encryption could not be read (${errorName(error) ?? 'error'}); requested per object: ${requested}`,
      fix: settings.encrypt ? undefined : 'Set encrypt = true to have state and lock objects encrypted at rest.',
    };
  }
}

async function checkLockTable({ clients, settings }: ProbeContext): Promise<{ check: ProbeCheck; usable: boolean }> {
  const table = settings.dynamodbTable as string;
  try {
    const response = await clients.dynamodb?.send(new DescribeTableCommand({ TableName: table }));
    const keys = response?.Table?.KeySchema ?? [];
    const types = response?.Table?.AttributeDefinitions ?? [];
    const usable =
      keys.length === 1 &&
      keys[0]?.AttributeName === 'LockID' &&
      keys[0]?.KeyType === 'HASH' &&
      types.some((definition) => definition.AttributeName === 'LockID' && definition.AttributeType === 'S');
    return {
      usable,
      check: {
        id: 'lock-table',
        ok: usable,
        severity: usable ? 'info' : 'error',
        message: usable
          ? `DynamoDB table "${table}" has the partition key LockID (String)`
          : `DynamoDB table "${table}" does not have exactly the partition key LockID of type String (locking, digest)`,
        fix: usable ? undefined : `Recreate "${table}" with the partition key "LockID" (String) and no sort key.`,
      },
    };
  } catch (error) {
    return {
      usable: false,
      check: {
        id: 'lock-table',
        ok: false,
        severity: 'error',
        message: `DynamoDB table "${table}" cannot be described (locking, digest): ${errorName(error) ?? 'error'}`,
        fix: `Create the table "${table}" with the partition key "LockID" (String), or allow dynamodb:DescribeTable.`,
      },
    };
  }
}

async function checkIdentity({ clients }: ProbeContext): Promise<{ check: ProbeCheck; account?: string }> {
  if (clients.sts === undefined) {
    return { check: { id: 'identity', ok: true, severity: 'info', message: 'identity not checked (no STS client configured)' } };
  }
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    const who = identity.Arn ?? identity.Account ?? 'an unnamed identity';
    return { account: identity.Account, check: { id: 'identity', ok: true, severity: 'info', message: `credentials belong to ${who}` } };
  } catch (error) {
    return {
      check: {
        id: 'identity',
        ok: false,
        severity: 'warning',
        message: `STS GetCallerIdentity failed: ${errorName(error) ?? 'error'}`,
        fix: 'Check endpoints.sts, or set skip_credentials_validation for stores without STS.',
      },
    };
  }
}
