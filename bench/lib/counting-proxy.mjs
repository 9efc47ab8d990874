import { startRecordingProxy } from './recording-proxy.mjs';

/**
 * Names the S3 or DynamoDB operation of one request. Path-style S3 (`/bucket` or `/bucket/key`):
 * the operation follows from the method, whether a key is present and the sub-resource query.
 * DynamoDB names its operation in `X-Amz-Target`.
 */
export function classifyRequest(method, url, headers) {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop();
  const parsed = new URL(url, 'http://proxy');
  const segments = parsed.pathname.split('/').filter(Boolean);
  const hasKey = segments.length > 1;
  const query = parsed.searchParams;
  if (!hasKey) {
    if (method === 'GET') {
      if (query.get('list-type') === '2') return 'ListObjectsV2';
      if (query.has('versions')) return 'ListObjectVersions';
      if (query.has('uploads')) return 'ListMultipartUploads';
      if (query.has('versioning')) return 'GetBucketVersioning';
      if (segments.length === 0) return 'ListBuckets';
      return query.size === 0 || query.has('prefix') || query.has('marker') ? 'ListObjects' : `GetBucket?${[...query.keys()].join('&')}`;
    }
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'POST' && query.has('delete')) return 'DeleteObjects';
    if (method === 'PUT') return 'PutBucket';
    return `${method} bucket`;
  }
  if (method === 'GET') return query.has('uploadId') ? 'ListParts' : headers.range ? 'GetObject(range)' : 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  if (method === 'PUT') {
    if (query.has('partNumber')) return 'UploadPart';
    return headers['if-none-match'] ? 'PutObject(If-None-Match)' : headers['if-match'] ? 'PutObject(If-Match)' : 'PutObject';
  }
  if (method === 'POST') return query.has('uploads') ? 'CreateMultipartUpload' : query.has('uploadId') ? 'CompleteMultipartUpload' : 'POST object';
  if (method === 'DELETE') return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  return `${method} object`;
}

/**
 * An HTTP proxy in front of radosgw or dynalite that records the S3 or DynamoDB operation of
 * every request (see lib/recording-proxy.mjs).
 */
export function startCountingProxy(targetEndpoint) {
  return startRecordingProxy(targetEndpoint, classifyRequest);
}
