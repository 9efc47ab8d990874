import type { CommandContext } from '../command-context.js';
import { printJson, printLines } from '../support/print.js';

/** `workspace list`: Terraform's listing, the selected workspace marked with `*`. */
export async function run(context: CommandContext): Promise<void> {
  const workspaces = await (await context.backend()).listWorkspaces();
  if (context.json) {
    await printJson(context, { current: context.workspace, workspaces });
    return;
  }
  await printLines(context, ...workspaces.map((name) => `${name === context.workspace ? '*' : ' '} ${name}`));
}
