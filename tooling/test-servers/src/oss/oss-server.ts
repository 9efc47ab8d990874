import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { listenOnLoopback } from '../listen-on-loopback.js';
import { memoizeUntilFailure } from '../memoize-until-failure.js';
import type { S3Server } from '../radosgw/index.js';
import { authenticate, type AuthenticationSettings, type OssCredential } from './authenticate.js';
import { OssError } from './oss-error.js';
import { readOssRequest, type OssRequest } from './oss-request.js';
import type { OssResponse } from './oss-response.js';
import type { OperationContext, OssOwner } from './operation-context.js';
import { routeRequest } from './route-request.js';
import { renderXml } from './xml.js';

/** A running OSS-compatible server in front of an S3 store. */
export interface OssServer {
  /** `http://127.0.0.1:PORT`. ali-oss: pass with `sldEnable: true`; Terraform: `endpoint = "<this>"`. */
  endpoint: string;
  /** Region without the `oss-` prefix (`cn-hangzhou`): Terraform's `region`; ali-oss wants `oss-${region}`. */
  region: string;
  /** The first accepted credential. */
  accessKeyId: string;
  accessKeySecret: string;
  /** Closes the listener and the S3 client; the data stays in the S3 store. Safe to call twice. */
  stop(): Promise<void>;
}

/** One request as the server saw it, for tests that check how a client talks OSS. */
export interface OssRequestRecord {
  method: string;
  /** The request target as sent (path and query). */
  url: string;
  host: string;
  /** `OSS`, `OSS4-HMAC-SHA256`, `presigned-v1`, `presigned-v4` or `anonymous`. */
  signature: string;
  status: number;
  /** The OSS error code when the answer was an error. */
  errorCode?: string;
}

export interface OssServerOptions {
  /** The S3 store that keeps the objects (radosgw from `startRadosgw()`). */
  s3: S3Server;
  /** Accepted AccessKeys; one random long-term key when left out. */
  credentials?: OssCredential[];
  /** Called after every answered request. */
  onRequest?: (record: OssRequestRecord) => void;
}

const REGION = 'cn-hangzhou';

function randomCredential(): OssCredential {
  return { accessKeyId: `LTAI${randomBytes(10).toString('hex')}`, accessKeySecret: randomBytes(15).toString('base64url') };
}

/** OSS request ids are 24 upper-case hex digits. */
function newRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase();
}

function signatureKind(request: OssRequest): string {
  const authorization = request.headers.authorization;
  if (authorization) return authorization.split(' ')[0] ?? authorization;
  if (request.query.some(([name]) => name === 'x-oss-signature')) return 'presigned-v4';
  if (request.query.some(([name]) => name === 'Signature')) return 'presigned-v1';
  return 'anonymous';
}

/**
 * Authenticates the request under its preferred bucket/key reading, then under the alternatives; the first reading
 * whose signature verifies is the one the client meant. Throws the preferred reading's error when none verifies.
 */
function authenticateAnyAddress(request: OssRequest, settings: AuthenticationSettings): OssRequest {
  const readings = [request, ...request.alternatives.map((address) => ({ ...request, ...address, alternatives: [] }))];
  let firstError: unknown;
  for (const reading of readings) {
    try {
      authenticate(reading, settings);
      return reading;
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

function errorXml(error: OssError, requestId: string, host: string): string {
  const tree: Record<string, string> = { Code: error.code, Message: error.message, RequestId: requestId, HostId: host, ...error.details };
  if (error.errorCentreCode !== undefined) {
    tree.EC = error.errorCentreCode;
    tree.RecommendDoc = `https://api.aliyun.com/troubleshoot?q=${error.errorCentreCode}`;
  }
  return renderXml('Error', tree);
}

/** The answer for an error: XML in the body, or for HEAD (which has no body) base64 XML in `x-oss-err`. */
function errorResponse(error: OssError, method: string, requestId: string, host: string): OssResponse {
  const xml = errorXml(error, requestId, host);
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (error.errorCentreCode !== undefined) headers['x-oss-ec'] = error.errorCentreCode;
  if (method === 'HEAD') {
    headers['x-oss-err'] = Buffer.from(xml, 'utf8').toString('base64');
    return { status: error.status, headers };
  }
  return { status: error.status, headers, body: xml };
}

function send(response: ServerResponse, answer: OssResponse, requestId: string): void {
  const body = answer.body === undefined ? undefined : Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body, 'utf8');
  const headers: Record<string, string> = {
    server: 'AliyunOSS',
    date: new Date().toUTCString(),
    'x-oss-request-id': requestId,
    ...answer.headers,
  };
  if (body !== undefined) headers['content-length'] = String(body.length);
  else if (headers['content-length'] === undefined) headers['content-length'] = '0';
  response.writeHead(answer.status, headers);
  response.end(body);
}

/**
 * Starts an HTTP server on 127.0.0.1 (random port) that speaks the OSS REST API: it verifies OSS signatures V1 and
 * V4 (headers or presigned URLs, with STS security tokens), answers bad ones with OSS error XML, and carries out
 * verified object and bucket operations on the S3 store through @aws-sdk/client-s3, translating to OSS semantics.
 * Bucket addressing is path style for IP/localhost hosts and virtual-hosted (`<bucket>.<anything>`) otherwise.
 */
export async function startOssServer(options: OssServerOptions): Promise<OssServer> {
  const credentials = options.credentials ?? [randomCredential()];
  const first = credentials[0];
  if (first === undefined) throw new Error('startOssServer needs at least one credential; leave `credentials` out to get a random one.');
  const s3 = new S3Client({
    endpoint: options.s3.endpoint,
    region: options.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: options.s3.accessKeyId, secretAccessKey: options.s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const context: OperationContext = {
    s3,
    region: REGION,
    bucketEncryption: new Map(),
    owner: memoizeUntilFailure(async (): Promise<OssOwner> => {
      const output = await s3.send(new ListBucketsCommand({}));
      return {
        ID: output.Owner?.ID ?? options.s3.accessKeyId,
        DisplayName: output.Owner?.DisplayName ?? output.Owner?.ID ?? options.s3.accessKeyId,
      };
    }),
  };

  const handle = async (message: IncomingMessage, response: ServerResponse): Promise<void> => {
    const requestId = newRequestId();
    const request = await readOssRequest(message);
    const host = request.headers.host ?? '';
    let answer: OssResponse;
    let errorCode: string | undefined;
    try {
      const addressed = authenticateAnyAddress(request, { credentials, region: REGION, now: () => new Date() });
      answer = await routeRequest(addressed)(context, addressed);
    } catch (error) {
      const ossError = error instanceof OssError ? error : new OssError(500, 'InternalError', `The OSS test server failed: ${error instanceof Error ? error.message : String(error)}`);
      errorCode = ossError.code;
      answer = errorResponse(ossError, request.method, requestId, host);
    }
    send(response, answer, requestId);
    options.onRequest?.({ method: request.method, url: message.url ?? '/', host, signature: signatureKind(request), status: answer.status, ...(errorCode === undefined ? {} : { errorCode }) });
  };

  const server = createServer((message, response) => {
    handle(message, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`OSS test server failure: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  const listener = await listenOnLoopback(server);
  let stopping: Promise<void> | undefined;
  return {
    endpoint: listener.endpoint,
    region: REGION,
    accessKeyId: first.accessKeyId,
    accessKeySecret: first.accessKeySecret,
    stop: () => (stopping ??= listener.close().finally(() => s3.destroy())),
  };
}
