import type { CommandContext } from '../command-context.js';
import { printJson, printLines } from '../support/print.js';

/** `unlock ID`: releases the lock taken under ID (for example by `lock acquire`). */
export async function run(context: CommandContext, [id]: string[]): Promise<void> {
  await (await context.backend()).unlock(context.workspace, id!);
  if (context.json) await printJson(context, { workspace: context.workspace, id, unlocked: true });
  else await printLines(context, `Released lock ${id} on workspace "${context.workspace}".`);
}
