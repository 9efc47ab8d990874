import { Agent, createServer, request } from 'node:http';

/**
 * An HTTP proxy in front of one server that records every request's operation, named by
 * `classify(method, url, headers)`, and forwards the request unchanged (Host included), so S3,
 * OSS and TableStore signatures stay valid. Unlike a TCP proxy it sees request boundaries on
 * keep-alive connections, so the counts are exact.
 */
export async function startRecordingProxy(targetEndpoint, classify) {
  const target = new URL(targetEndpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let requests = [];
  const server = createServer((incoming, outgoing) => {
    // The arrival time lets requests recorded by several proxies be put back in one order.
    requests.push({ at: process.hrtime.bigint(), operation: classify(incoming.method, incoming.url, incoming.headers) });
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reset() {
      requests = [];
    },
    /** Requests since the last reset: total, per operation, the operations in order, and each `{ at, operation }`. */
    snapshot() {
      const byOperation = {};
      for (const entry of requests) byOperation[entry.operation] = (byOperation[entry.operation] ?? 0) + 1;
      return { total: requests.length, byOperation, operations: requests.map((entry) => entry.operation), requests: [...requests] };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
