import { allReferences, type CommandReference, type ReferenceEntry } from './command-reference.js';

/** The markers around the generated section of README.md. */
export const referenceStartMarker = '<!-- commands:start -->';
export const referenceEndMarker = '<!-- commands:end -->';

/** Text that markdown must not read as HTML or as a table border. */
function plain(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function cell(text: string): string {
  return plain(text).replaceAll('|', '\\|');
}

function codeCell(text: string): string {
  return `\`${text.replace(/\s+/g, ' ').trim().replaceAll('|', '\\|')}\``;
}

function table(heading: string, entries: readonly ReferenceEntry[]): string[] {
  if (entries.length === 0) return [];
  return [`| ${heading} | description |`, '| --- | --- |', ...entries.map((entry) => `| ${codeCell(entry.term)} | ${cell(entry.description)} |`), ''];
}

function codeBlock(lines: readonly string[]): string[] {
  return ['```sh', ...lines, '```', ''];
}

function renderCommand(command: CommandReference, depth: number): string[] {
  const heading = '#'.repeat(Math.min(depth + 2, 4));
  return [
    `${heading} \`${command.name}\``,
    '',
    plain(command.description),
    '',
    ...codeBlock([command.usage]),
    ...table('argument', command.arguments),
    ...table('option', command.options),
    ...(command.examples.length > 0 ? ['Examples:', '', ...codeBlock(command.examples)] : []),
  ];
}

function depthOf(command: CommandReference): number {
  return command.name.split(' ').length - 1;
}

/**
 * The command reference as markdown, between (and including) the markers: the global options,
 * then every command with its usage, arguments, options and examples, in `--help` order.
 */
export function renderReference(root: CommandReference): string {
  const lines = [
    referenceStartMarker,
    '<!-- Generated from packages/cli/src/definitions by `pnpm --filter @x/cli reference`: edit the definitions, not this section. -->',
    '',
    plain(root.description),
    '',
    ...codeBlock([root.usage]),
    'Global options, accepted by every command:',
    '',
    ...table('option', root.options),
    ...allReferences(root).flatMap((command) => renderCommand(command, depthOf(command))),
    referenceEndMarker,
  ];
  return `${lines.join('\n')}\n`;
}

/** The leaf commands (no subcommands) that have no example: each must have at least one. */
export function commandsWithoutExamples(root: CommandReference): string[] {
  return allReferences(root)
    .filter((command) => command.leaf && command.examples.length === 0)
    .map((command) => command.name);
}
