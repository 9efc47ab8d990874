import { Agent, createServer, request } from 'node:http';

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

/** True for every operation that lists objects, whatever its flavour. */
export function isListing(operation) {
  return operation === 'ListObjectsV2' || operation === 'ListObjects' || operation === 'ListObjectVersions';
}

/**
 * An HTTP proxy in front of one server that records every request's operation. Unlike a TCP
 * proxy it sees request boundaries on keep-alive connections, so the counts are exact.
 */
export async function startCountingProxy(targetEndpoint) {
  const target = new URL(targetEndpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let requests = [];
  const server = createServer((incoming, outgoing) => {
    const operation = classifyRequest(incoming.method, incoming.url, incoming.headers);
    requests.push({ method: incoming.method, path: decodeURIComponent(incoming.url), operation });
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => {
      outgoing.destroy(error);
    });
    incoming.pipe(forwarded);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reset() {
      requests = [];
    },
    /** Requests since the last reset: total, per operation, and the list itself. */
    snapshot() {
      const byOperation = {};
      for (const entry of requests) byOperation[entry.operation] = (byOperation[entry.operation] ?? 0) + 1;
      return { total: requests.length, byOperation, requests: [...requests] };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
