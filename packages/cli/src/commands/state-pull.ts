import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../command-context.js';
import { withActivity } from '../support/activity.js';
import { writeAll } from '../support/cli-io.js';
import { note, printJson, printLines } from '../support/print.js';

export interface StatePullOptions {
  output?: string;
}

/**
 * `state pull`: the stored bytes, untouched, on stdout (nothing else goes there) or into
 * `--output`. No state: nothing is written and a note goes to stderr, as with Terraform.
 */
export async function run(context: CommandContext, _args: string[], options: StatePullOptions): Promise<void> {
  const backend = await context.backend();
  const stored = await withActivity(context.io, `reading the state of workspace "${context.workspace}"`, () => backend.readState(context.workspace));
  if (!stored) {
    note(context, `No state is stored for workspace "${context.workspace}".`);
    if (context.json && options.output !== undefined) await printJson(context, { workspace: context.workspace, found: false });
    return;
  }
  if (options.output === undefined) {
    await writeAll(context.io.stdout, stored.bytes);
    return;
  }
  const path = context.resolvePath(options.output);
  await writeFile(path, stored.bytes);
  if (context.json) {
    await printJson(context, {
      workspace: context.workspace,
      found: true,
      output: path,
      bytes: stored.bytes.byteLength,
      ...(stored.etag === undefined ? {} : { etag: stored.etag }),
      ...(stored.versionId === undefined ? {} : { versionId: stored.versionId }),
    });
  } else {
    await printLines(context, `Wrote ${stored.bytes.byteLength} bytes of workspace "${context.workspace}" to ${options.output}.`);
  }
}
