import type { CommandContext } from '../command-context.js';
import { printJson, printLines } from '../support/print.js';

/** `workspace show`: the workspace commands use (`-w`, else `TF_WORKSPACE`, else `default`). */
export async function run(context: CommandContext): Promise<void> {
  if (context.json) await printJson(context, { workspace: context.workspace });
  else await printLines(context, context.workspace);
}
