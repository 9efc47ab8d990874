import { isIP } from 'node:net';

/**
 * Bucket and key of an OSS request. ali-oss pointed at an IP endpoint keeps the URL on the IP
 * but rewrites Host to `<bucket>.oss-<region>.aliyuncs.com` (virtual-hosted: the path is the
 * key); Terraform's Go SDK addresses an IP endpoint path-style (`/<bucket>/<key>`).
 */
function addressOf(host, rawPath) {
  const hostname = (host ?? '').replace(/:\d+$/, '');
  const path = decodeURIComponent(rawPath.split('?')[0]).replace(/^\//, '');
  if (hostname === '' || hostname === 'localhost' || isIP(hostname) !== 0) {
    const [bucket, ...rest] = path.split('/');
    return { bucket: bucket || undefined, key: rest.join('/') };
  }
  return { bucket: hostname.split('.')[0], key: path };
}

/** Names the OSS operation of one request (method, whether a key is present, sub-resource query). */
export function classifyOssRequest(method, url, headers) {
  const { bucket, key } = addressOf(headers.host, url);
  const query = new URL(url, 'http://proxy').searchParams;
  if (bucket === undefined) return method === 'GET' ? 'ListBuckets' : `${method} service`;
  if (key === '') {
    if (method === 'GET') {
      if (query.has('versioning')) return 'GetBucketVersioning';
      if (query.has('versions')) return 'ListObjectVersions';
      if (query.has('bucketInfo')) return 'GetBucketInfo';
      if (query.has('list-type')) return 'ListObjectsV2';
      if (query.has('uploads')) return 'ListMultipartUploads';
      const subResources = [...query.keys()].filter((name) => !['prefix', 'marker', 'max-keys', 'delimiter', 'encoding-type'].includes(name));
      return subResources.length === 0 ? 'ListObjects' : `GetBucket?${subResources.join('&')}`;
    }
    if (method === 'PUT') return query.has('versioning') ? 'PutBucketVersioning' : 'PutBucket';
    if (method === 'POST' && query.has('delete')) return 'DeleteMultipleObjects';
    return `${method} bucket`;
  }
  if (method === 'GET') {
    if (query.has('objectMeta')) return 'GetObjectMeta';
    if (query.has('acl')) return 'GetObjectACL';
    return headers.range ? 'GetObject(range)' : 'GetObject';
  }
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'PUT') return String(headers['x-oss-forbid-overwrite']).toLowerCase() === 'true' ? 'PutObject(forbid-overwrite)' : 'PutObject';
  if (method === 'DELETE') return 'DeleteObject';
  return `${method} object`;
}

/** TableStore names its operation in the path: `POST /PutRow`. */
export function classifyTableStoreRequest(method, url) {
  return new URL(url, 'http://proxy').pathname.replace(/^\//, '') || `${method} /`;
}

/**
 * The requests of several proxies' snapshots in the order they arrived, each operation named
 * with its proxy's label (`oss:GetObject`, `ots:PutRow`).
 */
export function arrivalOrder(labelled) {
  const entries = Object.entries(labelled).flatMap(([label, snapshot]) => snapshot.requests.map((entry) => ({ at: entry.at, name: `${label}:${entry.operation}` })));
  return entries.sort((left, right) => (left.at < right.at ? -1 : left.at > right.at ? 1 : 0)).map((entry) => entry.name);
}
