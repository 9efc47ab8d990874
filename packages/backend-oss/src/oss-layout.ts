import { DEFAULT_WORKSPACE, joinPath, workspaceNameProblem } from '@x/backend-core';

/** Terraform's default `prefix` of the oss backend. */
export const DEFAULT_PREFIX = 'env:';
/** Terraform's default `key` of the oss backend. */
export const DEFAULT_KEY = 'terraform.tfstate';
/** Suffix of the OSS-native lock object beside a state (`<state>.tflock`). */
export const LOCKFILE_SUFFIX = '.tflock';
/** Suffix of the TableStore row that holds a state's MD5 digest (`<lockPath>-md5`). */
export const DIGEST_ROW_SUFFIX = '-md5';

/** Where the states of one configuration live in a bucket. */
export interface OssLayout {
  bucket: string;
  /** The prefix after Terraform's normalisation (no leading or trailing `/`); may be empty. */
  statePrefix: string;
  /** The state object name (`key`), as configured. */
  key: string;
}

/**
 * Terraform's normalisation of `prefix`: leading and trailing `/` removed, then one leading
 * `./` removed. Configuration validation already refused a leading `/` or `./`, so in practice
 * this drops trailing slashes.
 */
export function normalisePrefix(prefix: string): string {
  let result = prefix.replace(/^\/+|\/+$/g, '');
  if (result.startsWith('./')) result = result.slice(2);
  return result;
}

/**
 * The state object of a workspace: `path.Join(prefix, key)` for `default` and
 * `path.Join(prefix, workspace, key)` otherwise. Unlike the S3 backend, the default state also
 * lives under the prefix.
 */
export function stateObjectPath(layout: OssLayout, workspace: string): string {
  return workspace === DEFAULT_WORKSPACE
    ? joinPath(layout.statePrefix, layout.key)
    : joinPath(layout.statePrefix, workspace, layout.key);
}

/** The TableStore `LockID` of a workspace's lock row: `<bucket>/<state object path>`. */
export function lockRowKey(layout: OssLayout, workspace: string): string {
  return `${layout.bucket}/${stateObjectPath(layout, workspace)}`;
}

/** The TableStore `LockID` of a workspace's digest row: `<bucket>/<state object path>-md5`. */
export function digestRowKey(layout: OssLayout, workspace: string): string {
  return lockRowKey(layout, workspace) + DIGEST_ROW_SUFFIX;
}

/** The OSS-native lock object of a workspace: `<state object path>.tflock`. */
export function lockfilePath(layout: OssLayout, workspace: string): string {
  return stateObjectPath(layout, workspace) + LOCKFILE_SUFFIX;
}

/**
 * The prefix to list to find every workspace. Terraform lists `<prefix>/` (and `/` when the
 * prefix is empty, which finds nothing); with an empty prefix this lists the whole bucket,
 * because that is where the states are.
 */
export function listingPrefix(layout: OssLayout): string {
  return layout.statePrefix === '' ? '' : `${layout.statePrefix}/`;
}

/**
 * The workspace a listed object belongs to, or undefined when the object is not a
 * non-default state of this configuration. Terraform takes the first path segment after the
 * prefix of *any* object; here the object must be exactly `<prefix>/<workspace>/<key>`, so
 * another project's key, a lock object or a stray file never shows up as a workspace.
 */
export function workspaceOfObject(layout: OssLayout, objectKey: string): string | undefined {
  const prefix = listingPrefix(layout);
  if (!objectKey.startsWith(prefix)) return undefined;
  const rest = objectKey.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const workspace = rest.slice(0, slash);
  if (workspace === DEFAULT_WORKSPACE || workspaceNameProblem(workspace) !== undefined) return undefined;
  return stateObjectPath(layout, workspace) === objectKey ? workspace : undefined;
}
