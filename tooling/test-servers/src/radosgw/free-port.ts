import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on 127.0.0.1. Ceph needs its ports written into the monitor
 * map and the radosgw frontend line before the daemons start, so it cannot listen on port 0 itself.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the kernel gave no port for 127.0.0.1'))));
    });
  });
}
