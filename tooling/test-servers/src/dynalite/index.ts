import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    new Promise<void>((resolve, reject) => {
      // dynalite's close waits for idle keep-alive sockets; SDK clients keep them open.
      server.close((error?: Error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    stop: () => (stopping ??= stop()),
  };
}
