import { DEFAULT_WORKSPACE, type StateBackend } from '@x/backend-core';
import { jsonReply, type Reply } from './reply.js';

/** How long one answer of the store is reused: `/healthz` needs no credentials, so it must not multiply storage calls. */
const reuseMs = 1000;

/**
 * `/healthz`: one cheap call to the store (the default workspace's lock record, or the
 * workspace list when the store has no locks), so a load balancer sees a server whose storage
 * is gone as unhealthy. The answer names no bucket or error, since it needs no credentials.
 */
export function createHealthCheck(backend: StateBackend): () => Promise<Reply> {
  let last: { at: number; answer: Promise<Reply> } | undefined;
  return () => {
    const now = Date.now();
    if (last === undefined || now - last.at > reuseMs) last = { at: now, answer: probe(backend) };
    return last.answer;
  };
}

async function probe(backend: StateBackend): Promise<Reply> {
  try {
    if (backend.capabilities.locking) await backend.readLock(DEFAULT_WORKSPACE);
    else await backend.listWorkspaces();
    return jsonReply(200, { status: 'ok' });
  } catch {
    return { ...jsonReply(503, { status: 'unavailable' }), headers: { 'Retry-After': '1' } };
  }
}
