import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Answers with the throttling error the real service sends, so SDK retry logic sees a true 503:
 * S3's XML `SlowDown`, or DynamoDB's JSON error for JSON-protocol requests (`X-Amz-Target`).
 */
export function sendSlowDown(request: IncomingMessage, response: ServerResponse, requestId: string): void {
  const isJsonProtocol = request.headers['x-amz-target'] !== undefined;
  const body = isJsonProtocol
    ? JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' })
    : '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`;
  response.writeHead(503, 'Slow Down', {
    'content-type': isJsonProtocol ? 'application/x-amz-json-1.0' : 'application/xml',
    'content-length': Buffer.byteLength(body),
    'x-amz-request-id': requestId,
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}
