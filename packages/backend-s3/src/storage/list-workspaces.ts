import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { BackendError, DEFAULT_WORKSPACE } from '@x/backend-core';
import { errorName, isAuthFailure, toBackendError, sdkCause } from '../s3-errors.js';
import type { S3Layout } from '../s3-layout.js';

/** Terraform's default `workspace_key_prefix`; listing denied under it falls back to `default` only. */
const DEFAULT_PREFIX = 'env:';

/**
 * Terraform's workspace listing (spec §1.4): ListObjectsV2 under `<prefix>/` (the whole bucket
 * when the prefix is empty), 1000 keys a page, no delimiter, every page followed. A key counts
 * when it is `<prefix>/<name>/<key>` exactly. Names Terraform would list are reported as found,
 * even those this toolkit refuses to address (spaces, non-ASCII): hiding them would make
 * `workspace list` disagree with Terraform's.
 *
 * Access denied: Terraform lists just `default` (with a warning) under the default prefix and
 * fails otherwise; the same here.
 */
export async function listWorkspaces(s3: S3Client, layout: S3Layout, warn: (message: string) => void): Promise<string[]> {
  const names = new Set<string>([DEFAULT_WORKSPACE]);
  let continuationToken: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(
        new ListObjectsV2Command({
          Bucket: layout.bucket,
          Prefix: layout.listPrefix === '' ? undefined : layout.listPrefix,
          MaxKeys: 1000,
          ContinuationToken: continuationToken,
        }),
      );
    } catch (error) {
      if (isAuthFailure(error) && errorName(error) !== 'InvalidAccessKeyId' && errorName(error) !== 'SignatureDoesNotMatch') {
        if (layout.workspaceKeyPrefix === DEFAULT_PREFIX) {
          warn(`Unable to list objects in S3 bucket "${layout.bucket}" with prefix "${layout.listPrefix}" (access denied); listing only "default"`);
          return [DEFAULT_WORKSPACE];
        }
        throw new BackendError(
          'AUTH',
          `Unable to list objects in S3 bucket "${layout.bucket}" with prefix "${layout.listPrefix}": ${errorName(error) ?? 'access denied'}`,
          { cause: sdkCause(error), hint: `Allow s3:ListBucket on "${layout.bucket}" for the prefix "${layout.listPrefix}".` },
        );
      }
      throw toBackendError(error, { action: 'list workspaces', bucket: layout.bucket });
    }
    for (const object of page.Contents ?? []) {
      const workspace = object.Key === undefined ? undefined : layout.workspaceOf(object.Key);
      if (workspace !== undefined) names.add(workspace);
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
  return [...names];
}
