import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server listening on a port the kernel chose on 127.0.0.1. */
export interface LoopbackListener {
  port: number;
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /**
   * Stops listening and ends every open connection, then resolves once the server has closed. Safe to call twice:
   * later calls return the first call's promise.
   */
  close(): Promise<void>;
}

/**
 * Makes `server` listen on 127.0.0.1 on a free port. Port 0 lets tests run side by side without choosing ports, and
 * the loopback address keeps the servers unreachable from other machines.
 */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  await new Promise<void>((resolve, reject) => {
    // A listen failure (such as EADDRNOTAVAIL) arrives as an 'error' event, not through the callback.
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // close() alone waits for idle keep-alive connections, and SDK clients keep theirs open for minutes.
        server.closeAllConnections();
      })),
  };
}
