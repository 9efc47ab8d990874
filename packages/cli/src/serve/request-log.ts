/** Format of the request log on stderr. */
export type LogFormat = 'json' | 'text';

/** One finished request, as logged. Headers are not logged, so credentials never reach the log. */
export interface RequestLogEntry {
  method: string;
  path: string;
  route: string;
  status: number;
  durationMs: number;
  bytesIn: number;
  bytesOut: number;
  user: string | undefined;
  remoteAddress: string | undefined;
  error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

/** Writes one line per request: a JSON object, or `time remote user METHOD path status duration`. */
export function createRequestLogger(stream: NodeJS.WritableStream, format: LogFormat): RequestLogger {
  if (format === 'json') {
    return (entry) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), level: entry.status >= 500 ? 'error' : 'info', ...entry })}\n`);
  }
  return (entry) =>
    stream.write(
      `${new Date().toISOString()} ${entry.remoteAddress ?? '-'} ${entry.user ?? '-'} ${entry.method} ${entry.path} ${entry.status} ` +
        `${entry.durationMs.toFixed(1)}ms${entry.error ? ` ${entry.error}` : ''}\n`,
    );
}
