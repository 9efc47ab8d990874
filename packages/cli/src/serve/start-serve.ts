import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import type { StateBackend } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import { openAuditLog } from './audit-log.js';
import { createBasicAuth, type AuthOutcome } from './basic-auth.js';
import { isLoopbackHost, parseListenAddress, urlOf, DEFAULT_LISTEN } from './listen-address.js';
import { LockBodies } from './lock-bodies.js';
import { createRequestHandler } from './request-handler.js';
import { createRequestLogger, type LogFormat } from './request-log.js';
import { createServeMetrics } from './serve-metrics.js';
import { unrestrictedPolicy, type ServeUser } from './serve-user.js';

/** Options of {@link startServe}. */
export interface StartServeOptions {
  /** The store to serve. The caller keeps it: `close()` does not close it. */
  backend: StateBackend;
  /** `HOST:PORT` (`[::1]:PORT` for IPv6); default `127.0.0.1:8080`; port 0 picks a free port. */
  listen?: string;
  /** Accounts for HTTP basic auth; undefined = no authentication, which only a loopback address allows. */
  users?: readonly ServeUser[];
  /** PEM certificate and key for HTTPS; with `clientCa`, clients must present a certificate it signed. */
  tls?: { cert: string | Buffer; key: string | Buffer; clientCa?: string | Buffer };
  /** Largest request body accepted (413 above it). Default 64 MiB. */
  maxBodyBytes?: number;
  /** Append-only JSON-lines audit log of state-changing and refused requests. */
  auditLogPath?: string;
  /** Request log, one line per request; undefined = none. */
  log?: { stream: NodeJS.WritableStream; format: LogFormat };
  /** Accept writes without `?ID=` while the workspace is locked (default false: 409). */
  allowWritesWithoutLockId?: boolean;
  timeouts?: {
    /** Time to receive the request headers (default 60 s). */
    headersMs?: number;
    /** Time to receive the whole request (default 5 min: large states on slow links). */
    requestMs?: number;
    /** Idle keep-alive time before the connection is closed (default 65 s). */
    idleMs?: number;
    /** How long `close()` waits for in-flight requests before cutting connections (default 30 s). */
    shutdownMs?: number;
  };
}

/** A running server. */
export interface ServeHandle {
  /** `http://127.0.0.1:PORT` (or `https://`), without a trailing slash. */
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Locks held by clients stay held. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Starts the HTTP state server Terraform's and OpenTofu's `http` backend talk to. Refuses
 * (UsageError) to listen beyond loopback without authentication (basic auth users or client
 * certificates).
 */
export async function startServe(options: StartServeOptions): Promise<ServeHandle> {
  const address = parseListenAddress(options.listen ?? DEFAULT_LISTEN);
  const users = options.users !== undefined && options.users.length > 0 ? options.users : undefined;
  const clientCertificates = options.tls?.clientCa !== undefined;
  if (!isLoopbackHost(address.host) && users === undefined && !clientCertificates) {
    throw new UsageError(`refusing to serve state on ${address.host} without authentication`, {
      hint: 'Anyone who can reach the port could read and overwrite state. Give --auth-file (or TFSTATE_SERVE_AUTH) or --tls-client-ca, or listen on 127.0.0.1.',
    });
  }

  const audit = options.auditLogPath === undefined ? undefined : await openAuditLog(options.auditLogPath);
  let closing = false;
  const handler = createRequestHandler({
    backend: options.backend,
    lockBodies: new LockBodies(),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    allowWritesWithoutLockId: options.allowWritesWithoutLockId === true,
    metrics: createServeMetrics(),
    authenticate: authenticator(users, clientCertificates),
    audit,
    log: options.log === undefined ? undefined : createRequestLogger(options.log.stream, options.log.format),
    isClosing: () => closing,
  });

  const timeouts = options.timeouts ?? {};
  // Node checks the header and request timeouts on this interval (30 s by default), which would
  // let a slow client hold a connection far longer than the timeouts say.
  const checking = { connectionsCheckingInterval: 1000 };
  const server: Server = options.tls
    ? createHttpsServer(
        {
          ...checking,
          cert: options.tls.cert,
          key: options.tls.key,
          ...(clientCertificates ? { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
        },
        handler,
      )
    : createHttpServer(checking, handler);
  server.headersTimeout = timeouts.headersMs ?? 60_000;
  server.requestTimeout = timeouts.requestMs ?? 300_000;
  server.keepAliveTimeout = timeouts.idleMs ?? 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (error: NodeJS.ErrnoException) => {
    await audit?.close();
    throw new UsageError(`cannot listen on ${address.host}:${address.port}: ${error.code ?? error.message}`, {
      hint: error.code === 'EADDRINUSE' ? 'Another process uses the port; pick another with --listen HOST:PORT.' : 'Check the address in --listen.',
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Connections that finish their request later are closed by their `Connection: close` answer;
      // this sweep catches keep-alive sockets that turned idle in between.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const deadline = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, timeouts.shutdownMs ?? 30_000);
      try {
        await stopped;
      } finally {
        clearInterval(sweep);
        clearTimeout(deadline);
        await audit?.close();
      }
    })());

  return { url: urlOf(options.tls ? 'https' : 'http', address.host, port), port, close };
}

function authenticator(users: readonly ServeUser[] | undefined, clientCertificates: boolean): (request: IncomingMessage) => Promise<AuthOutcome> {
  if (users !== undefined) {
    const check = createBasicAuth(users);
    return (request) => check(request.headers.authorization);
  }
  if (clientCertificates) {
    // The TLS handshake already refused certificates the CA did not sign; the subject names the caller.
    return async (request) => {
      const certificate = (request.socket as TLSSocket).getPeerCertificate?.();
      const name = certificate?.subject?.CN;
      return { kind: 'ok', policy: unrestrictedPolicy(typeof name === 'string' ? name : undefined) };
    };
  }
  const everyone = { kind: 'ok' as const, policy: unrestrictedPolicy(undefined) };
  return async () => everyone;
}
