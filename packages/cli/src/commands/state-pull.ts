import type { CommandContext } from '../command-context.js';
import { withActivity } from '../support/activity.js';
import { note, printJson } from '../support/print.js';
import { writeStateBytes } from '../support/write-state-bytes.js';

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
  await writeStateBytes(context, stored.bytes, options.output, {
    json: (path) => ({
      workspace: context.workspace,
      found: true,
      output: path,
      bytes: stored.bytes.byteLength,
      ...(stored.etag === undefined ? {} : { etag: stored.etag }),
      ...(stored.versionId === undefined ? {} : { versionId: stored.versionId }),
    }),
    what: `workspace "${context.workspace}"`,
  });
}
