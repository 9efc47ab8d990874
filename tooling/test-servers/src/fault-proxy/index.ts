import { Agent, createServer, request as forwardRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../listen-on-loopback.js';
import { copyCounters, emptyCounters, type FaultProxyCounters } from './counters.js';
import { requestMatches, validateFaults, type Faults } from './faults.js';
import { seededRandom } from './seeded-random.js';
import { sendSlowDown } from './slow-down-response.js';

export type { Faults, RequestMatch } from './faults.js';
export type { FaultProxyCounters, ProxiedRequest } from './counters.js';

/** An HTTP proxy on 127.0.0.1 that forwards to one server and injects faults on request. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: point the client's endpoint here. */
  endpoint: string;
  port: number;
  /** Replaces the active faults (and reseeds the generator when `seed` is given). */
  setFaults(faults: Faults): void;
  /** A snapshot of what the proxy has seen and injected. */
  counters(): FaultProxyCounters;
  resetCounters(): void;
  /** Closes the listener and every open connection. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a proxy in front of `target`. It speaks HTTP/1.1 on both sides (headers are forwarded as
 * received, so SigV4 signatures stay valid: the client signed the Host it sent, which is kept), which
 * lets it count requests per operation and inject request-level faults: latency, 503 bursts,
 * dropped responses, resets, cut bodies and a blackhole.
 */
export async function startFaultProxy(target: { host: string; port: number }, faults: Faults = {}): Promise<FaultProxy> {
  validateFaults(faults);
  let active: Faults = { ...faults };
  let random = seededRandom(faults.seed ?? 1);
  let counters = emptyCounters();
  let requestNumber = 0;
  const upstreamAgent = new Agent({ keepAlive: true });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const requestTarget = request.url ?? '/';
    const method = request.method ?? 'GET';
    const queryStart = requestTarget.indexOf('?');
    const path = queryStart === -1 ? requestTarget : requestTarget.slice(0, queryStart);
    counters.requests += 1;
    counters.requestsByRoute[`${method} ${path}`] = (counters.requestsByRoute[`${method} ${path}`] ?? 0) + 1;
    counters.requestLog.push({ method, path, query: queryStart === -1 ? '' : requestTarget.slice(queryStart + 1) });
    requestNumber += 1;
    const faults = requestMatches(active.match, method, path) ? active : {};
    const socket = request.socket;

    const delay = (faults.latencyMs ?? 0) + (faults.jitterMs ? random() * faults.jitterMs : 0);
    if (delay > 0) {
      counters.faults.delayed += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    if (faults.blackhole) {
      counters.faults.blackholed += 1;
      request.resume();
      return;
    }
    if (faults.slowDownRequests && faults.slowDownRequests > 0) {
      faults.slowDownRequests -= 1;
      counters.faults.slowDowns += 1;
      request.resume();
      sendSlowDown(request, response, `fault-proxy-${requestNumber}`);
      return;
    }
    if (faults.resetProbability && random() < faults.resetProbability) {
      counters.faults.resets += 1;
      socket.resetAndDestroy();
      return;
    }
    let dropResponse = false;
    if (faults.dropResponses && faults.dropResponses > 0) {
      faults.dropResponses -= 1;
      dropResponse = true;
    }

    const upstream = forwardRequest({
      host: target.host,
      port: target.port,
      method,
      path: requestTarget,
      headers: request.rawHeaders,
      agent: upstreamAgent,
    });
    upstream.on('error', () => {
      // The server went away mid-request: pass that on as a reset, as a direct connection would.
      if (!socket.destroyed) socket.resetAndDestroy();
    });
    upstream.on('response', (answer) => {
      if (dropResponse) {
        // Let the server finish (the write has happened), then the client hears nothing.
        answer.resume();
        answer.once('end', () => {
          counters.faults.droppedResponses += 1;
          socket.resetAndDestroy();
        });
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      const resetAt = faults.resetAfterResponseBytes;
      const cutAt = faults.cutResponseAfterBytes;
      if (resetAt === undefined && cutAt === undefined) {
        answer.pipe(response);
        return;
      }
      let sent = 0;
      answer.on('data', (chunk: Buffer) => {
        if (socket.destroyed) return;
        const limit = Math.min(resetAt ?? Infinity, cutAt ?? Infinity);
        const room = limit - sent;
        if (chunk.length < room) {
          sent += chunk.length;
          response.write(chunk);
          return;
        }
        if (room > 0) response.write(chunk.subarray(0, room));
        sent = limit;
        answer.destroy();
        if (limit === resetAt) {
          counters.faults.resets += 1;
          // Flush what was written before the RST so the client really sees a partial body.
          socket.write('', () => socket.resetAndDestroy());
        } else {
          counters.faults.cutResponses += 1;
          socket.end(() => socket.destroy());
        }
      });
      answer.on('end', () => {
        if (!socket.destroyed) response.end();
      });
    });
    request.pipe(upstream);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!request.socket.destroyed) request.socket.resetAndDestroy();
    });
  });
  // SDK clients reuse idle connections; closing them sooner than a real server would adds resets
  // that no test asked for.
  server.keepAliveTimeout = 65_000;
  // Faults kill client sockets on purpose; a late write on them must not crash the test process.
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('connection', (socket: Socket) => {
    counters.connections += 1;
    socket.on('error', () => undefined);
  });
  const listener = await listenOnLoopback(server);

  return {
    endpoint: listener.endpoint,
    port: listener.port,
    setFaults(next: Faults) {
      validateFaults(next);
      active = { ...next };
      if (next.seed !== undefined) random = seededRandom(next.seed);
    },
    counters: () => copyCounters(counters),
    resetCounters() {
      counters = emptyCounters();
    },
    stop: () => {
      // The agent's idle keep-alive connections to the target would otherwise keep the test process alive.
      upstreamAgent.destroy();
      return listener.close();
    },
  };
}
