/** One request the proxy received, in arrival order. */
export interface ProxiedRequest {
  method: string;
  /** Path without the query string, e.g. `/bucket/env:/dev/terraform.tfstate`. */
  path: string;
  /** Query string without `?` (empty when none), e.g. `list-type=2&prefix=env%3A%2F`. */
  query: string;
}

/** What the proxy has seen and done since it started or since `resetCounters()`. */
export interface FaultProxyCounters {
  /** TCP connections accepted from clients. */
  connections: number;
  /** HTTP requests received (including ones answered by a fault). */
  requests: number;
  /** Requests per `METHOD /path` (no query string), for counting requests per operation. */
  requestsByRoute: Record<string, number>;
  /** Every request in arrival order. */
  requestLog: ProxiedRequest[];
  /** Faults injected, by kind. */
  faults: {
    delayed: number;
    blackholed: number;
    slowDowns: number;
    droppedResponses: number;
    resets: number;
    cutResponses: number;
  };
}

export function emptyCounters(): FaultProxyCounters {
  return {
    connections: 0,
    requests: 0,
    requestsByRoute: {},
    requestLog: [],
    faults: { delayed: 0, blackholed: 0, slowDowns: 0, droppedResponses: 0, resets: 0, cutResponses: 0 },
  };
}

/** A deep copy, so a caller's snapshot does not change while the proxy keeps counting. */
export function copyCounters(counters: FaultProxyCounters): FaultProxyCounters {
  return {
    connections: counters.connections,
    requests: counters.requests,
    requestsByRoute: { ...counters.requestsByRoute },
    requestLog: counters.requestLog.map((request) => ({ ...request })),
    faults: { ...counters.faults },
  };
}
