import { createHash } from 'node:crypto';
import { BackendError, DEFAULT_WORKSPACE, LockConflictError, type LockInfo } from '@x/backend-core';
import { readBody } from './read-body.js';
import { serialOf } from './audit-log.js';
import { HttpError, lockConflict } from './http-error.js';
import { bytesReply, type Reply } from './reply.js';
import type { RouteContext, WorkspaceExchange } from './route-context.js';

/** GET: the stored bytes verbatim, or 404 with an empty body ("no state yet" to both clients). A lock never blocks a read. */
export async function readStateRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  const stored = await context.backend.readState(exchange.workspace);
  if (stored === undefined) return { status: 404 };
  return bytesReply(stored.bytes, md5Base64(stored.bytes));
}

/**
 * POST/PUT/PATCH: stores the body verbatim (no serial or lineage checks: those are the
 * client's, and encrypted OpenTofu states have neither). While the workspace is locked, the
 * `?ID=` must be the holder's (409 with the holder otherwise); an `ID` with nothing locked is
 * accepted, because Terraform keeps sending its id after it unlocked.
 */
export async function writeStateRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  exchange.action = 'write';
  const body = await readBody(exchange.request, context.maxBodyBytes);
  exchange.bytesIn = body.length;
  exchange.serial = serialOf(body);
  if (body.length === 0) throw new HttpError(400, 'the body is empty; delete the state with DELETE instead');
  if (await writeUnderRequestedLock(context, exchange, body)) return { status: 200 };
  const lockId = await checkWriteLock(context, exchange);
  await context.backend.writeState(exchange.workspace, body, lockId === undefined ? {} : { lockId });
  return { status: 200 };
}

/**
 * Terraform's writes during `apply` carry `?ID=`. Where the provider checks the lock on write,
 * the write goes straight to it (one storage call instead of reading the lock first); only when
 * it answers "not held" does the slow path decide (Terraform keeps its id after unlocking).
 */
async function writeUnderRequestedLock(context: RouteContext, exchange: WorkspaceExchange, body: Buffer): Promise<boolean> {
  const requested = requestedLockId(exchange);
  if (requested === undefined || !context.backend.capabilities.writeChecksLock) return false;
  try {
    await context.backend.writeState(exchange.workspace, body, { lockId: requested });
    return true;
  } catch (error) {
    if (error instanceof LockConflictError) throw conflictWith(context, exchange.workspace, error.lock);
    if (BackendError.hasCode(error, 'LOCK_NOT_HELD') || BackendError.hasCode(error, 'LOCK_ID_MISMATCH')) return false;
    throw error;
  }
}

/**
 * DELETE: removes the workspace's state (and, for a workspace other than `default`, the
 * workspace). Refused with 409 while someone holds the lock, unless `?ID=` is theirs.
 */
export async function deleteStateRoute(context: RouteContext, exchange: WorkspaceExchange): Promise<Reply> {
  exchange.action = 'delete';
  const holder = await heldLock(context, exchange.workspace);
  const requested = requestedLockId(exchange);
  if (holder !== undefined && requested !== holder.ID) throw conflictWith(context, exchange.workspace, holder);
  if (exchange.workspace === DEFAULT_WORKSPACE || holder !== undefined) {
    await context.backend.deleteState(exchange.workspace, holder === undefined ? {} : { lockId: holder.ID });
  } else {
    await context.backend.deleteWorkspace(exchange.workspace);
  }
  return { status: 200 };
}

async function checkWriteLock(context: RouteContext, exchange: WorkspaceExchange): Promise<string | undefined> {
  const holder = await heldLock(context, exchange.workspace);
  if (holder === undefined) return undefined;
  const requested = requestedLockId(exchange);
  if (requested === holder.ID) return holder.ID;
  if (requested === undefined && context.allowWritesWithoutLockId) return holder.ID;
  throw conflictWith(context, exchange.workspace, holder);
}

async function heldLock(context: RouteContext, workspace: string): Promise<LockInfo | undefined> {
  return context.backend.capabilities.locking ? context.backend.readLock(workspace) : undefined;
}

function requestedLockId(exchange: WorkspaceExchange): string | undefined {
  const id = exchange.searchParams.get('ID') ?? undefined;
  exchange.lockId = id;
  return id === '' ? undefined : id;
}

function conflictWith(context: RouteContext, workspace: string, holder: LockInfo): HttpError {
  return lockConflict(409, context.lockBodies.bodyOf(workspace, holder));
}

/** Standard base64 of the MD5, as the `Content-MD5` header carries it. */
export function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}
