/**
 * Go's `path.Clean`: collapses repeated slashes, resolves `.` and `..`, drops a trailing slash;
 * an empty result is `.`. Terraform builds every workspace key with it.
 */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(segment);
  }
  const joined = parts.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Go's `path.Join`: joins the non-empty elements with `/` and cleans; all empty gives ``. */
export function joinPath(...elements: string[]): string {
  const nonEmpty = elements.filter((element) => element !== '');
  return nonEmpty.length === 0 ? '' : cleanPath(nonEmpty.join('/'));
}

/** Where one workspace's state lives, as the s3 and oss backends compute it. */
export interface KeyLayout {
  /** Prefix of non-default workspaces (`workspace_key_prefix`, default `env:`); may be empty. */
  workspaceKeyPrefix: string;
  /** The state object name (`key`). */
  key: string;
}

/**
 * The S3 backend's object key: `key` verbatim for `default`, otherwise
 * `path.Join(workspace_key_prefix, workspace, key)`.
 */
export function workspaceStateKey(layout: KeyLayout, workspace: string): string {
  return workspace === 'default' ? layout.key : joinPath(layout.workspaceKeyPrefix, workspace, layout.key);
}

/**
 * The workspace a listed object key belongs to under `layout`, or undefined when the key is
 * not a state of this configuration (another project, a lock file, a stray object). Mirrors
 * Terraform: with prefix `P`, the key must be `P/<ws>/<key>` with `<ws>` one path segment.
 */
export function workspaceFromKey(layout: KeyLayout, objectKey: string): string | undefined {
  let rest = objectKey;
  if (layout.workspaceKeyPrefix !== '') {
    const prefix = layout.workspaceKeyPrefix + '/';
    if (!objectKey.startsWith(prefix)) return undefined;
    rest = objectKey.slice(prefix.length);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const workspace = rest.slice(0, slash);
  return rest.slice(slash + 1) === layout.key ? workspace : undefined;
}
