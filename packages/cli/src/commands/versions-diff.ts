import type { CommandContext } from '../command-context.js';
import { diffStates } from '../diff/state-diff.js';
import { formatStateDiff } from '../diff/format-state-diff.js';
import { writeAll } from '../support/cli-io.js';
import { printJson } from '../support/print.js';
import { readStateVersion, versionedBackend } from './versions-source.js';

/**
 * `versions diff FROM TO`: what changed between two versions (or `current`), instance by
 * instance and output by output. Attribute values never print, nor sensitive output values.
 */
export async function run(context: CommandContext, [from, to]: string[]): Promise<void> {
  const backend = await versionedBackend(context);
  const [before, after] = await Promise.all([readStateVersion(context, backend, from!), readStateVersion(context, backend, to!)]);
  const diff = diffStates(before.bytes, after.bytes);
  if (context.json) {
    await printJson(context, { workspace: context.workspace, from: from!, to: to!, diff });
  } else {
    await writeAll(context.io.stdout, formatStateDiff(diff));
  }
}
