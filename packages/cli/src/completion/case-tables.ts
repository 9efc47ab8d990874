import { allCommandNodes, optionsInScope, type CommandNode } from './command-tree.js';
import { quotePosix } from './shell-quoting.js';
import { forwardedOptionNames, optionNames, pathKey, subcommandWords, valueWord } from './value-words.js';

/**
 * The command tree as POSIX-style shell functions (the same syntax runs in bash and zsh), each
 * setting REPLY and failing when there is nothing:
 *   <prefix>_subcommands PATH        words that select a subcommand of PATH
 *   <prefix>_options PATH            every option valid at PATH (its own and its ancestors')
 *   <prefix>_option_value PATH NAME  what the value of option NAME at PATH (or a parent) completes to
 *   <prefix>_argument PATH INDEX     what positional argument INDEX (0-based) of PATH completes to
 *   <prefix>_forwarded NAME          whether NAME is a root option to pass to `__complete workspaces`
 */
export function posixCaseTables(root: CommandNode, prefix: string): string {
  const nodes = allCommandNodes(root);
  // Rows are [shell pattern, value]; most patterns are one quoted key.
  const table = (name: string, parameters: string, rows: Array<[string, string]>): string => {
    const lines = rows.map(([pattern, value]) => `    ${pattern}) REPLY=${quotePosix(value)} ;;`);
    return [`${prefix}_${name}() {`, `  case ${parameters} in`, ...lines, `    *) REPLY=''; return 1 ;;`, '  esac', '}'].join('\n');
  };
  const optionValues = nodes.flatMap((node) =>
    node.options.flatMap((option) => {
      const { value } = option;
      if (value === undefined) return [];
      return optionNames(option).map((name): [string, string] => [quotePosix(`${pathKey(node)}|${name}`), valueWord(value)]);
    }),
  );
  // A variadic argument matches its own position and every later one.
  const argumentValues = nodes.flatMap((node) =>
    node.arguments.map((argument, index): [string, string] => [
      argument.variadic ? `${quotePosix(`${pathKey(node)}|`)}*` : quotePosix(`${pathKey(node)}|${index}`),
      valueWord(argument.value),
    ]),
  );
  const forwarded = forwardedOptionNames(root);
  return [
    table(
      'subcommands',
      '"$1"',
      nodes.filter((node) => node.subcommands.length > 0).map((node) => [quotePosix(pathKey(node)), subcommandWords(node).join(' ')]),
    ),
    table(
      'options',
      '"$1"',
      nodes.map((node) => [quotePosix(pathKey(node)), optionsInScope(root, node).flatMap(optionNames).join(' ')]),
    ),
    // A command's own options first, then its parents' (commander accepts those after it too).
    [
      `${prefix}_option_value() {`,
      '  local scope=$1',
      '  while :; do',
      '    case "$scope|$2" in',
      ...optionValues.map(([pattern, value]) => `      ${pattern}) REPLY=${quotePosix(value)}; return 0 ;;`),
      '    esac',
      "    [[ -z $scope ]] && break",
      "    if [[ $scope == *' '* ]]; then scope=${scope% *}; else scope=''; fi",
      '  done',
      "  REPLY=''",
      '  return 1',
      '}',
    ].join('\n'),
    table('argument', '"$1|$2"', argumentValues),
    `${prefix}_forwarded() {\n  case "$1" in\n    ${forwarded.length > 0 ? forwarded.map(quotePosix).join('|') : "''"}) return 0 ;;\n  esac\n  return 1\n}`,
  ].join('\n\n');
}
