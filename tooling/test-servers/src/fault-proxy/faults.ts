/** Which requests a fault applies to. Both parts must match when given. */
export interface RequestMatch {
  /** HTTP method, e.g. `PUT`. */
  method?: string;
  /** Tested against the path without the query string, e.g. `/bucket/env:/dev/terraform.tfstate`. */
  path?: RegExp;
}

/**
 * Faults the proxy injects. Every field is optional; an empty object forwards everything unchanged.
 * Counted faults (`slowDownRequests`, `dropResponses`) are used up one matching request at a time;
 * the others apply to every matching request until `setFaults` replaces them.
 */
export interface Faults {
  /** Delay before each request is forwarded, in milliseconds. */
  latencyMs?: number;
  /** Extra random delay between 0 and this many milliseconds, drawn from the seeded generator. */
  jitterMs?: number;
  /** Read requests and never answer (connections stay open until the client gives up). */
  blackhole?: boolean;
  /**
   * Answer the next N requests with a synthetic `503 Slow Down` without forwarding them (S3 XML
   * error, or DynamoDB JSON when the request carries `X-Amz-Target`).
   */
  slowDownRequests?: number;
  /**
   * Forward the next N requests, let the server finish them, then reset the client connection
   * instead of answering: the "write succeeded but the client never heard" case.
   */
  dropResponses?: number;
  /** Probability (0 to 1) that a request's connection is reset before the request is forwarded. */
  resetProbability?: number;
  /** Reset the connection (TCP RST) after this many response body bytes have been sent. */
  resetAfterResponseBytes?: number;
  /** Close the connection cleanly (FIN) after this many response body bytes: a cut body. */
  cutResponseAfterBytes?: number;
  /** Restricts all faults to matching requests; others are forwarded untouched. */
  match?: RequestMatch;
  /** Seed for the random choices (`resetProbability`, `jitterMs`); same seed, same choices. */
  seed?: number;
}

/** Rejects settings that cannot mean anything, naming the field and the accepted range. */
export function validateFaults(faults: Faults): void {
  const nonNegative: Array<keyof Faults> = [
    'latencyMs',
    'jitterMs',
    'slowDownRequests',
    'dropResponses',
    'resetAfterResponseBytes',
    'cutResponseAfterBytes',
  ];
  for (const field of nonNegative) {
    const value = faults[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new RangeError(`fault proxy: ${field} must be a number >= 0, got ${String(value)}`);
    }
  }
  const probability = faults.resetProbability;
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`fault proxy: resetProbability must be between 0 and 1, got ${String(probability)}`);
  }
}

/** Whether a request falls under the faults' `match` filter. */
export function requestMatches(match: RequestMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path !== undefined && !match.path.test(path)) return false;
  return true;
}
