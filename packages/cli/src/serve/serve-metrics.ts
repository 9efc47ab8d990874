import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The Prometheus series of one server. A registry per server, so two servers in one process do not mix. */
export interface ServeMetrics {
  /** Records one finished request. `route` is the route's pattern, never the workspace name. */
  observe(method: string, route: string, status: number, seconds: number, bytesIn: number, bytesOut: number): void;
  lockConflict(): void;
  render(): Promise<{ contentType: string; body: string }>;
}

export function createServeMetrics(): ServeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tfstate_serve_process_' });
  const requests = new Counter({
    name: 'tfstate_serve_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tfstate_serve_request_duration_seconds',
    help: 'Time from request to the end of the response, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const conflicts = new Counter({
    name: 'tfstate_serve_lock_conflicts_total',
    help: 'LOCK requests refused because another client holds the lock.',
    registers: [registry],
  });
  const received = new Counter({ name: 'tfstate_serve_received_bytes_total', help: 'Request body bytes read.', registers: [registry] });
  const sent = new Counter({ name: 'tfstate_serve_sent_bytes_total', help: 'Response body bytes sent.', registers: [registry] });
  return {
    observe(method, route, status, seconds, bytesIn, bytesOut) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
      if (bytesIn > 0) received.inc(bytesIn);
      if (bytesOut > 0) sent.inc(bytesOut);
    },
    lockConflict: () => conflicts.inc(),
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
