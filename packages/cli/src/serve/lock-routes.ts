import { BackendError, LockConflictError, LockMismatchError, parseLockInfo, type LockInfo } from '@x/backend-core';
import { HttpError, jsonHttpError, lockConflict } from './http-error.js';
import { readBody } from './read-body.js';
import type { Reply } from './reply.js';
import type { RouteContext, WorkspaceExchange } from './route-context.js';

/** LockInfo bodies are a few hundred bytes; anything much larger is not one. */
const lockBodyLimit = 64 * 1024;

/**
 * LOCK: takes the lock with the client's LockInfo. 200 when taken, and again when the same ID
 * asks (a retried request); 423 with the holder's record, byte for byte as its client sent it,
 * when another ID holds it; 400 for a body that is not a LockInfo with an ID (never 423, or
 * the client would wait for a lock nobody holds).
 */
export async function lockRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  exchange.action = 'lock';
  const body = await readBody(exchange.request, lockBodyLimit);
  exchange.bytesIn = body.length;
  const info = parseLockBody(body);
  if (info === undefined || info.ID === '') throw new HttpError(400, 'the LOCK body must be a JSON LockInfo with a non-empty ID');
  exchange.lockId = info.ID;
  try {
    await context.backend.lock(exchange.workspace, info);
  } catch (error) {
    if (error instanceof LockConflictError) {
      context.metrics.lockConflict();
      throw lockConflict(423, context.lockBodies.bodyOf(exchange.workspace, error.lock));
    }
    throw error;
  }
  context.lockBodies.remember(exchange.workspace, info.ID, body);
  return { status: 200, body, contentType: 'application/json' };
}

/**
 * UNLOCK: a body with the holder's ID releases the lock; another ID gets 409 with the holder
 * and the lock stays. An empty body, or one without an ID, is Terraform's `force-unlock`
 * (which never sends the id, hashicorp/terraform#28421) and releases whatever lock is held.
 * Nothing locked answers 200, so a retried UNLOCK succeeds.
 */
export async function unlockRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  exchange.action = 'unlock';
  const body = await readBody(exchange.request, lockBodyLimit);
  exchange.bytesIn = body.length;
  let id = '';
  if (body.toString('utf8').trim() !== '') {
    const info = parseLockBody(body);
    if (info === undefined) throw new HttpError(400, 'the UNLOCK body must be empty or a JSON LockInfo');
    id = info.ID;
  }
  if (id === '') {
    exchange.action = 'force-unlock';
    const holder = await context.backend.readLock(exchange.workspace);
    if (holder === undefined) return { status: 200 };
    id = holder.ID;
  }
  exchange.lockId = id;
  try {
    await context.backend.unlock(exchange.workspace, id);
  } catch (error) {
    if (error instanceof LockMismatchError) throw lockConflict(409, context.lockBodies.bodyOf(exchange.workspace, error.lock));
    if (!BackendError.hasCode(error, 'LOCK_NOT_HELD')) throw error;
  }
  context.lockBodies.forget(exchange.workspace);
  return { status: 200 };
}

/** GET on the lock address: the holder's record, or 404 when the workspace is not locked. */
export async function lockStatusRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  const holder = await context.backend.readLock(exchange.workspace);
  if (holder === undefined) throw jsonHttpError(404, `workspace "${exchange.workspace}" is not locked`);
  return { status: 200, body: context.lockBodies.bodyOf(exchange.workspace, holder), contentType: 'application/json' };
}

function parseLockBody(body: Buffer): LockInfo | undefined {
  try {
    return parseLockInfo(body);
  } catch {
    return undefined;
  }
}
