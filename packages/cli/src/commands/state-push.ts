import { readFile } from 'node:fs/promises';
import { BackendError, parseState, StateManager, withLock } from '@x/backend-core';
import type { CommandContext } from '../command-context.js';
import { withActivity } from '../support/activity.js';
import { readAll } from '../support/cli-io.js';
import { lockOptions } from '../support/lock-options.js';
import { printJson, printLines } from '../support/print.js';
import { formatBytes } from '../support/progress.js';

export interface StatePushOptions {
  force?: boolean;
}

/**
 * `state push FILE|-`: parses the file first (a bad file changes nothing), then under the
 * lock runs Terraform's import check (lineage, serial, same-serial content) unless `--force`
 * and persists with Terraform's serial rules.
 */
export async function run(context: CommandContext, [file]: string[], options: StatePushOptions): Promise<void> {
  const source = file!;
  const bytes = source === '-' ? await readAll(context.io.stdin) : await readStateFile(context, source);
  const incoming = parseState(bytes);
  const backend = await context.backend();
  const result = await withLock(
    backend,
    context.workspace,
    (lockId) =>
      withActivity(context.io, `writing ${formatBytes(bytes.byteLength)} to workspace "${context.workspace}"`, () =>
        new StateManager(backend, context.workspace).push(incoming, { force: options.force === true, lockId }),
      ),
    lockOptions(context, 'state-push'),
  );
  if (context.json) {
    await printJson(context, {
      workspace: context.workspace,
      written: result.written,
      serial: result.serial,
      lineage: result.lineage,
    });
  } else if (result.written) {
    await printLines(context, `Pushed state to workspace "${context.workspace}" (serial ${result.serial}, lineage ${result.lineage}).`);
  } else {
    await printLines(context, `The state of workspace "${context.workspace}" already matches; nothing written.`);
  }
}

async function readStateFile(context: CommandContext, source: string): Promise<Uint8Array> {
  try {
    return await readFile(context.resolvePath(source));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackendError('INVALID_ARGUMENT', `cannot read state file "${source}" (${code ?? (error as Error).message})`, {
      cause: error,
      hint: 'Pass the path of a Terraform state file, or - to read the state from stdin.',
    });
  }
}
