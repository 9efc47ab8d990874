import { readFile } from 'node:fs/promises';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { parseAuthFile } from '../serve/auth-file.js';
import { parseByteSize } from '../serve/byte-size.js';
import type { LogFormat } from '../serve/request-log.js';
import type { ServeUser } from '../serve/serve-user.js';
import { startServe, type StartServeOptions } from '../serve/start-serve.js';
import { parseGoDuration } from '../support/go-duration.js';
import { note } from '../support/print.js';

export interface ServeOptions {
  listen: string;
  authFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  maxBody: string;
  auditLog?: string;
  logFormat: string;
  allowWritesWithoutLockId?: boolean;
  headersTimeout: string;
  requestTimeout: string;
  idleTimeout: string;
  shutdownTimeout: string;
}

/**
 * `serve`: runs the HTTP state server until SIGTERM or SIGINT, then stops accepting, lets
 * in-flight requests finish and exits 0. Locks clients hold are left as they are.
 */
export async function run(context: CommandContext, _args: string[], options: ServeOptions): Promise<void> {
  const logFormat = checkLogFormat(options.logFormat);
  const settings: Omit<StartServeOptions, 'backend'> = {
    listen: options.listen,
    users: await loadUsers(context, options.authFile),
    tls: await loadTls(context, options),
    maxBodyBytes: parseByteSize(options.maxBody, '--max-body'),
    auditLogPath: options.auditLog === undefined ? undefined : context.resolvePath(options.auditLog),
    log: logFormat === 'none' ? undefined : { stream: context.io.stderr, format: logFormat },
    allowWritesWithoutLockId: options.allowWritesWithoutLockId === true,
    timeouts: {
      headersMs: parseGoDuration(options.headersTimeout, '--headers-timeout'),
      requestMs: parseGoDuration(options.requestTimeout, '--request-timeout'),
      idleMs: parseGoDuration(options.idleTimeout, '--idle-timeout'),
      shutdownMs: parseGoDuration(options.shutdownTimeout, '--shutdown-timeout'),
    },
  };
  const { headersMs, requestMs } = settings.timeouts!;
  if (requestMs! > 0 && headersMs! > requestMs!) {
    throw new UsageError('--headers-timeout is longer than --request-timeout', {
      hint: 'The headers are part of the request: give a --headers-timeout no longer than --request-timeout.',
    });
  }
  const backend = await context.backend();
  const server = await startServe({ backend, ...settings });
  note(context, `listening on ${server.url}`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  note(context, `${signal}: shutting down, waiting for requests in flight`);
  await server.close();
  note(context, 'stopped');
}

function checkLogFormat(format: string): LogFormat | 'none' {
  if (format === 'json' || format === 'text' || format === 'none') return format;
  throw new UsageError(`--log-format "${format}" is not json, text or none`, { hint: 'Use --log-format json (default), text or none.' });
}

/** Accounts from `--auth-file`, else from `TFSTATE_SERVE_AUTH` (the same format); never from the command line. */
async function loadUsers(context: CommandContext, authFile: string | undefined): Promise<ServeUser[] | undefined> {
  const fromEnvironment = context.io.env.TFSTATE_SERVE_AUTH;
  if (authFile !== undefined && fromEnvironment) {
    throw new UsageError('both --auth-file and TFSTATE_SERVE_AUTH are set', { hint: 'Keep one source of accounts.' });
  }
  if (authFile !== undefined) return parseAuthFile(await readOption(context, authFile, '--auth-file'), `--auth-file ${authFile}`);
  if (fromEnvironment) return parseAuthFile(fromEnvironment, 'TFSTATE_SERVE_AUTH');
  return undefined;
}

async function loadTls(context: CommandContext, options: ServeOptions): Promise<StartServeOptions['tls']> {
  if (options.tlsCert === undefined && options.tlsKey === undefined) {
    if (options.tlsClientCa !== undefined) {
      throw new UsageError('--tls-client-ca needs HTTPS', { hint: 'Give --tls-cert and --tls-key as well.' });
    }
    return undefined;
  }
  if (options.tlsCert === undefined || options.tlsKey === undefined) {
    throw new UsageError('--tls-cert and --tls-key go together', { hint: 'Give both the PEM certificate and its private key.' });
  }
  return {
    cert: await readOption(context, options.tlsCert, '--tls-cert'),
    key: await readOption(context, options.tlsKey, '--tls-key'),
    ...(options.tlsClientCa === undefined ? {} : { clientCa: await readOption(context, options.tlsClientCa, '--tls-client-ca') }),
  };
}

async function readOption(context: CommandContext, path: string, option: string): Promise<string> {
  try {
    return await readFile(context.resolvePath(path), 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'Check the path and its permissions.',
    });
  }
}
