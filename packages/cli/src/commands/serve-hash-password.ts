import bcrypt from 'bcryptjs';
import { UsageError } from '../cli-errors.js';
import type { CommandContext } from '../command-context.js';
import { readAll } from '../support/cli-io.js';
import { printLines } from '../support/print.js';

export interface HashPasswordOptions {
  user?: string;
  cost: string;
}

/**
 * `serve hash-password`: reads a password from stdin (one trailing line break is dropped) and
 * prints its bcrypt hash, or an htpasswd line with `--user`. The password is never an argument,
 * so it stays out of shell history and process lists.
 */
export async function run(context: CommandContext, _args: string[], options: HashPasswordOptions): Promise<void> {
  const cost = Number(options.cost);
  if (!Number.isInteger(cost) || cost < 4 || cost > 15) {
    throw new UsageError(`--cost "${options.cost}" must be a whole number from 4 to 15`, { hint: 'The default, 10, suits most servers.' });
  }
  if (options.user !== undefined && !/^[^\s:]+$/.test(options.user)) {
    throw new UsageError('--user must not be empty or hold spaces or ":"', { hint: 'Example: --user ci' });
  }
  const password = Buffer.from(await readAll(context.io.stdin)).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') {
    throw new UsageError('no password on stdin', { hint: 'Pipe it in: printf %s "$PASSWORD" | tfstate serve hash-password' });
  }
  if (Buffer.byteLength(password) > 72) {
    throw new UsageError('the password is longer than 72 bytes, and bcrypt ignores everything after 72', {
      hint: 'Use a password of at most 72 bytes.',
    });
  }
  const hash = await bcrypt.hash(password, cost);
  await printLines(context, options.user === undefined ? hash : `${options.user}:${hash}`);
}
