import type { Command } from 'commander';
import type { CommandModule } from '../definitions/lazy-action.js';
import { writeAll } from '../support/cli-io.js';
import { commandReference } from './command-reference.js';
import { renderReference } from './render-reference.js';

/**
 * `tfstate __reference` (hidden): prints the README's command reference section, markers
 * included, or with `--json` the data it is made from. scripts/generate-reference.mjs writes it
 * into README.md; test/reference.test.ts checks README.md against it.
 */
export function referenceCommand(program: Command): CommandModule<object> {
  return {
    async run(context) {
      const reference = commandReference(program);
      await writeAll(context.io.stdout, context.json ? `${JSON.stringify(reference, null, 2)}\n` : renderReference(reference));
    },
  };
}
