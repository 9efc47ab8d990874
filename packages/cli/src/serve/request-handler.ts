import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AuditLog } from './audit-log.js';
import type { AuthOutcome } from './basic-auth.js';
import { handleDashboardRequest } from './dashboard/index.js';
import { createHealthCheck } from './health-check.js';
import { HttpError, httpErrorOf } from './http-error.js';
import { lockRoute, lockStatusRoute, unlockRoute } from './lock-routes.js';
import type { Reply } from './reply.js';
import type { RequestLogger } from './request-log.js';
import type { RouteContext, WorkspaceExchange } from './route-context.js';
import { routeOf, type Route } from './route-of.js';
import type { AccessPolicy } from './serve-user.js';
import { deleteStateRoute, readStateRoute, writeStateRoute } from './state-routes.js';
import { listVersionsRoute, readVersionRoute } from './version-routes.js';

/** Everything the handler needs beyond the routes' shared context. */
export interface HandlerOptions extends RouteContext {
  authenticate(request: IncomingMessage): Promise<AuthOutcome>;
  audit: AuditLog | undefined;
  log: RequestLogger | undefined;
  /** True once shutdown began: responses then close their connection. */
  isClosing(): boolean;
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH']);

/** Builds the server's request listener: route, authenticate, authorize, run the route, answer, record. */
export function createRequestHandler(options: HandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const checkHealth = createHealthCheck(options.backend);
  return (request, response) => {
    const started = performance.now();
    const record: RequestRecord = { path: '/', route: 'unmatched', bytesOut: 0, user: undefined, exchange: undefined, error: undefined };
    handle(options, checkHealth, request, response, record)
      .catch((error: unknown) => replyWith(errorReply(options, error, record), response, options, record))
      .finally(() => {
        const finish = () => finished(options, request, response, record, performance.now() - started);
        if (response.writableFinished) finish();
        else response.once('close', finish);
      });
  };
}

interface RequestRecord {
  /** The path without the query (a lock id in `?ID=` is not a secret, but it is noise in logs). */
  path: string;
  route: string;
  bytesOut: number;
  user: string | undefined;
  exchange: WorkspaceExchange | undefined;
  error: string | undefined;
}

async function handle(
  options: HandlerOptions,
  checkHealth: () => Promise<Reply>,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
): Promise<void> {
  // Split by hand: `new URL(target, base)` would read `//host/x` as another host.
  const target = request.url ?? '/';
  const queryAt = target.indexOf('?');
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  if (!pathname.startsWith('/')) throw new HttpError(400, 'the request target must be a path');
  record.path = pathname;
  const route = routeOf(pathname);
  record.route = route.label;
  const method = request.method ?? 'GET';
  if (route.kind === 'health') {
    requireMethod(method, ['GET', 'HEAD']);
    return replyWith(await checkHealth(), response, options, record);
  }

  const policy = await authorize(options, request, route, record);
  switch (route.kind) {
    case 'metrics': {
      requireMethod(method, ['GET', 'HEAD']);
      const { contentType, body } = await options.metrics.render();
      return replyWith({ status: 200, body, contentType }, response, options, record);
    }
    case 'dashboard': {
      const url = new URL(`http://serve.invalid${target}`);
      if (await handleDashboardRequest(request, response, url, { backend: options.backend, canRead: policy.canRead, user: policy.user })) return;
      throw new HttpError(404, 'not found');
    }
    case 'unknown':
      throw new HttpError(404, 'not found: state lives at /<workspace>, its lock at /<workspace>/lock');
    default:
      break;
  }

  const searchParams = new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
  const exchange: WorkspaceExchange = { request, searchParams, workspace: route.workspace, bytesIn: 0 };
  record.exchange = exchange;
  const write = needsWrite(route, method);
  if (!(write ? policy.canWrite(route.workspace) : policy.canRead(route.workspace))) {
    exchange.action = 'denied';
    throw new HttpError(403, `user "${policy.user ?? ''}" may not ${write ? 'change' : 'read'} workspace "${route.workspace}"`);
  }
  replyWith(await runWorkspaceRoute(options, route, method, exchange), response, options, record);
}

type WorkspaceRoute = Extract<Route, { workspace: string }>;

function runWorkspaceRoute(options: HandlerOptions, route: WorkspaceRoute, method: string, exchange: WorkspaceExchange): Promise<Reply> {
  switch (route.kind) {
    case 'state':
      if (method === 'GET' || method === 'HEAD') return readStateRoute(options, exchange);
      if (writeMethods.has(method)) return writeStateRoute(options, exchange);
      if (method === 'DELETE') return deleteStateRoute(options, exchange);
      if (method === 'LOCK') return lockRoute(options, exchange);
      if (method === 'UNLOCK') return unlockRoute(options, exchange);
      throw notAllowed(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'LOCK', 'UNLOCK']);
    case 'lock':
      if (method === 'GET' || method === 'HEAD') return lockStatusRoute(options, exchange);
      if (method === 'POST' || method === 'PUT' || method === 'LOCK') return lockRoute(options, exchange);
      if (method === 'DELETE' || method === 'UNLOCK') return unlockRoute(options, exchange);
      throw notAllowed(['GET', 'HEAD', 'POST', 'PUT', 'LOCK', 'DELETE', 'UNLOCK']);
    case 'versions':
      requireMethod(method, ['GET', 'HEAD']);
      return listVersionsRoute(options, exchange);
    case 'version':
      requireMethod(method, ['GET', 'HEAD']);
      return readVersionRoute(options, exchange, route.versionId);
  }
}

function needsWrite(route: Route, method: string): boolean {
  return (route.kind === 'state' || route.kind === 'lock') && method !== 'GET' && method !== 'HEAD';
}

/**
 * 401 without credentials (with a challenge, so a browser asks), 403 for wrong ones, as both
 * clients expect. On the dashboard wrong credentials are a 401 too, or the browser would not
 * ask again.
 */
async function authorize(options: HandlerOptions, request: IncomingMessage, route: Route, record: RequestRecord): Promise<AccessPolicy> {
  const outcome = await options.authenticate(request);
  if (outcome.kind === 'ok') {
    record.user = outcome.policy.user;
    return outcome.policy;
  }
  const challenge = { 'WWW-Authenticate': 'Basic realm="tfstate", charset="UTF-8"' };
  if (route.kind !== 'state' && route.kind !== 'lock' && route.kind !== 'versions' && route.kind !== 'version') {
    throw new HttpError(401, 'authentication required', { headers: challenge });
  }
  record.exchange = { request, searchParams: new URLSearchParams(), workspace: route.workspace, bytesIn: 0, action: 'denied' };
  if (outcome.kind === 'missing') throw new HttpError(401, 'authentication required', { headers: challenge });
  throw new HttpError(403, 'invalid credentials');
}

function requireMethod(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw notAllowed(allowed);
}

function notAllowed(allowed: string[]): HttpError {
  return new HttpError(405, 'method not allowed', { headers: { Allow: allowed.join(', ') } });
}

function errorReply(options: HandlerOptions, error: unknown, record: RequestRecord): Reply {
  const workspace = record.exchange?.workspace;
  const failure = httpErrorOf(error, (lock) => (workspace === undefined ? '' : options.lockBodies.bodyOf(workspace, lock)));
  if (failure.status >= 500) record.error = error instanceof Error ? error.message : String(error);
  return { status: failure.status, body: failure.body ?? `${failure.message}\n`, contentType: failure.contentType, headers: { ...failure.headers } };
}

function replyWith(reply: Reply, response: ServerResponse, options: HandlerOptions, record: RequestRecord): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = reply.body ?? '';
  record.bytesOut = Buffer.byteLength(body);
  // State is never cached on the way, and a browser never reads it as anything but what it is.
  const headers: Record<string, string | number> = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...reply.headers,
    'Content-Length': record.bytesOut,
  };
  if (reply.contentType !== undefined && body.length > 0) headers['Content-Type'] = reply.contentType;
  if (options.isClosing()) headers.Connection = 'close';
  response.writeHead(reply.status, headers);
  response.end(body);
}

function finished(
  options: HandlerOptions,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
  durationMs: number,
): void {
  const method = request.method ?? 'GET';
  const status = response.statusCode;
  const bytesIn = record.exchange?.bytesIn ?? 0;
  const bytesOut = record.bytesOut;
  options.metrics.observe(method, record.route, status, durationMs / 1000, bytesIn, bytesOut);
  const exchange = record.exchange;
  if (options.audit && exchange?.action !== undefined) {
    options.audit.record({
      user: record.user,
      remoteAddress: request.socket.remoteAddress,
      action: exchange.action,
      workspace: exchange.workspace,
      lockId: exchange.lockId,
      serial: exchange.serial,
      status,
    });
  }
  options.log?.({
    method,
    path: record.path,
    route: record.route,
    status,
    durationMs,
    bytesIn,
    bytesOut,
    user: record.user,
    remoteAddress: request.socket.remoteAddress,
    ...(record.error === undefined ? {} : { error: record.error }),
  });
}
