import type { CommandContext } from '../command-context.js';
import { printJson, printLines } from '../support/print.js';

/**
 * `workspace show`: the workspace commands use — `-w`, else `TF_WORKSPACE`, else the one
 * `terraform workspace select` (or `tfstate workspace select`) recorded, else `default`.
 * (`tfstate config` also says where it came from.)
 */
export async function run(context: CommandContext): Promise<void> {
  if (context.json) await printJson(context, { workspace: context.workspace });
  else await printLines(context, context.workspace);
}
