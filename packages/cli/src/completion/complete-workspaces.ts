import type { CommandContext } from '../command-context.js';
import { writeAll } from '../support/cli-io.js';

/**
 * `tfstate __complete workspaces` (hidden): the workspace names, one a line, for the completion
 * scripts. Only the local backend is asked: it reads a directory, while a remote backend would
 * need the network and credentials in the middle of a keystroke. Failures print nothing, so a
 * half-typed command line never shows errors in the shell.
 */
export async function run(context: CommandContext): Promise<void> {
  try {
    if ((await context.backendSelection()).type !== 'local') return;
    const names = await (await context.backend()).listWorkspaces();
    await writeAll(context.io.stdout, names.map((name) => `${name}\n`).join(''));
  } catch {
    // Completion offers nothing rather than an error.
  }
}
