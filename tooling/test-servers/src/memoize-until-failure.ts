/**
 * Wraps `task` so that every caller, concurrent or later, shares the result of one run, unless that run failed: then
 * the next call runs `task` again. A transient failure (an apt mirror or an S3 request that timed out) thus does
 * not stick for the rest of the test process, and a success is not repeated.
 */
export function memoizeUntilFailure<T>(task: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= task().catch((error: unknown) => {
      result = undefined;
      throw error;
    });
    return result;
  };
}
