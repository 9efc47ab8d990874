// Test support for the config-*.test.ts files: a small AWS-compatible HTTP(S) server that checks
// SigV4 signatures the way AWS does (so a wrong secret fails for real), answers the STS calls the
// credential providers make, and a forward proxy (absolute-URI HTTP and CONNECT tunnels).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Form fields of an STS (awsQuery) call. */
  form: Record<string, string>;
  accessKeyId?: string;
  /** Credential scope parts of the Authorization header. */
  scope?: { date: string; region: string; service: string };
  /** True when the signature matched the secret of `accessKeyId`. */
  signatureValid: boolean;
}

export interface FakeAws {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Answer the next `count` requests with HTTP 500. */
  failNext(count: number): void;
  close(): Promise<void>;
}

interface Identity {
  secret: string;
  account: string;
  arn: string;
  sessionToken?: string;
}

/** Long-term keys the fake server knows; temporary ones are added by AssumeRole calls. */
export const TEST_ACCOUNT = '123456789012';
export const STATIC_KEY = { accessKeyId: 'AKIDSTATICEXAMPLE', secretAccessKey: 'static-secret-key-value' };

export async function startFakeAws(options: { tls?: { key: string; cert: string } } = {}): Promise<FakeAws> {
  const identities = new Map<string, Identity>([
    [STATIC_KEY.accessKeyId, { secret: STATIC_KEY.secretAccessKey, account: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/static` }],
  ]);
  const requests: RecordedRequest[] = [];
  let failures = 0;
  let issued = 0;

  const handler = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const form = isForm ? Object.fromEntries(new URLSearchParams(body)) : {};
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
        form,
        signatureValid: false,
      };
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const parsed = parseAuthorization(authorization);
        recorded.accessKeyId = parsed.accessKeyId;
        recorded.scope = parsed.scope;
        const identity = identities.get(parsed.accessKeyId);
        recorded.signatureValid =
          identity !== undefined &&
          (identity.sessionToken === undefined || identity.sessionToken === request.headers['x-amz-security-token']) &&
          expectedSignature(request, body, parsed, identity.secret) === parsed.signature;
      }
      requests.push(recorded);
      if (failures > 0) {
        failures--;
        return reply(response, 500, '<Error><Code>InternalError</Code><Message>injected</Message></Error>');
      }
      const action = form.Action;
      if (action === 'AssumeRoleWithWebIdentity') {
        return reply(response, 200, credentialsResponse(action, issue(`web-${form.RoleSessionName ?? 'session'}`)));
      }
      if (!recorded.signatureValid) {
        return action === undefined
          ? reply(response, 403, '<Error><Code>SignatureDoesNotMatch</Code><Message>signature mismatch</Message></Error>')
          : reply(
              response,
              403,
              '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>signature mismatch</Message></Error></ErrorResponse>',
            );
      }
      const identity = identities.get(recorded.accessKeyId!)!;
      if (action === 'AssumeRole') return reply(response, 200, credentialsResponse(action, issue(form.RoleSessionName ?? 'session')));
      if (action === 'GetCallerIdentity') {
        return reply(
          response,
          200,
          `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${identity.arn}</Arn><UserId>AIDA</UserId><Account>${identity.account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      }
      if (request.method === 'GET' && !request.url?.includes('list-type')) return reply(response, 200, 'state-bytes', 'application/octet-stream');
      return reply(response, 200, '');
    });
  };

  function issue(sessionName: string) {
    issued++;
    const accessKeyId = `ASIATEMP${issued}`;
    const secret = randomBytes(12).toString('hex');
    const sessionToken = `token-${issued}-${randomBytes(6).toString('hex')}`;
    identities.set(accessKeyId, {
      secret,
      sessionToken,
      account: TEST_ACCOUNT,
      arn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/state/${sessionName}`,
    });
    return { accessKeyId, secret, sessionToken, sessionName };
  }

  const server = options.tls === undefined ? http.createServer(handler) : https.createServer(options.tls, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    requests,
    failNext: (count) => {
      failures = count;
    },
    close: () => closeServer(server),
  };
}

function credentialsResponse(action: string, credentials: { accessKeyId: string; secret: string; sessionToken: string; sessionName: string }) {
  return (
    `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>` +
    `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secret}</SecretAccessKey>` +
    `<SessionToken>${credentials.sessionToken}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
    `<AssumedRoleUser><Arn>arn:aws:sts::${TEST_ACCOUNT}:assumed-role/state/${credentials.sessionName}</Arn><AssumedRoleId>AROA:${credentials.sessionName}</AssumedRoleId></AssumedRoleUser>` +
    `</${action}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></${action}Response>`
  );
}

function reply(response: http.ServerResponse, status: number, body: string, contentType = 'text/xml') {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

interface ParsedAuthorization {
  accessKeyId: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  const credential = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(header);
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(header)?.[1]?.split(';') ?? [];
  const signature = /Signature=([0-9a-f]+)/.exec(header)?.[1] ?? '';
  return {
    accessKeyId: credential?.[1] ?? '',
    scope: { date: credential?.[2] ?? '', region: credential?.[3] ?? '', service: credential?.[4] ?? '' },
    signedHeaders,
    signature,
  };
}

/** AWS Signature Version 4, computed from the request as received. */
function expectedSignature(request: http.IncomingMessage, body: string, auth: ParsedAuthorization, secret: string): string {
  const [path, query = ''] = (request.url ?? '/').split('?') as [string, string?];
  const canonicalQuery = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => (pair.includes('=') ? pair : `${pair}=`))
    .sort()
    .join('&');
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, auth.signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${auth.scope.date}/${auth.scope.region}/${auth.scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', String(request.headers['x-amz-date']), scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secret}`);
  for (const part of [auth.scope.date, auth.scope.region, auth.scope.service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, stringToSign).toString('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

export interface ForwardProxy {
  url: string;
  /** `host:port` of every request or tunnel that went through the proxy. */
  targets: string[];
  close(): Promise<void>;
}

/**
 * A forward proxy that sends every request and CONNECT tunnel to `127.0.0.1:<targetPort>`,
 * whatever host was asked for, so tests can use names such as `state.test` that do not resolve.
 */
export async function startForwardProxy(targetPort: number): Promise<ForwardProxy> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '');
    targets.push(target.host);
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: request.method, path: `${target.pathname}${target.search}`, headers: request.headers },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    targets.push(request.url ?? '');
    const upstream = net.connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [upstream, client]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    targets,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

async function closeServer(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export interface TestCertificates {
  directory: string;
  /** PEM file of the test CA. */
  caFile: string;
  key: string;
  cert: string;
}

/** A throwaway CA and a server certificate for `localhost`, `state.test`, `*.state.test` and 127.0.0.1, made with openssl. */
export function makeCertificates(): TestCertificates {
  const directory = mkdtempSync(join(tmpdir(), 'config-tls-'));
  const file = (name: string) => join(directory, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=config test CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(file('server.ext'), 'subjectAltName=DNS:localhost,DNS:state.test,DNS:*.state.test,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'));
  return {
    directory,
    caFile: file('ca.pem'),
    key: readFileSync(file('server.key'), 'utf8'),
    cert: readFileSync(file('server.pem'), 'utf8'),
  };
}
