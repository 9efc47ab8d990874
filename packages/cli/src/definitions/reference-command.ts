import type { CommandDefinition } from './lazy-action.js';

/**
 * `tfstate __reference` (hidden): the README command reference, generated from these definitions
 * (see scripts/generate-reference.mjs). Hidden from help, completion and the reference itself.
 */
export const defineReferenceCommand: CommandDefinition = (program, lazy) => {
  program
    .command('__reference', { hidden: true })
    .description('print the README command reference (markdown; --json for the data)')
    .action(lazy(() => import('../reference/print-reference.js').then((module) => module.referenceCommand(program))));
};
