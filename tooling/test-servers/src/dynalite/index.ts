import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { listenOnLoopback } from '../listen-on-loopback.js';

/** A running DynamoDB-compatible server on 127.0.0.1. It accepts any credentials. */
export interface DynamoServer {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  region: string;
  /** Kills open connections, closes the server and drops its in-memory tables. Safe to call twice. */
  stop(): Promise<void>;
}

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite is CommonJS without type declarations.
const createDynalite = createRequire(import.meta.url)('dynalite') as (options: DynaliteOptions) => Server;

/**
 * Starts dynalite 4 in this process, in memory, on a random 127.0.0.1 port. Table state changes
 * (CREATING, DELETING, UPDATING) are instant so tests need not wait for them.
 */
export async function startDynalite(): Promise<DynamoServer> {
  const server = createDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const listener = await listenOnLoopback(server);
  return {
    endpoint: listener.endpoint,
    region: 'us-east-1',
    stop: listener.close,
  };
}
