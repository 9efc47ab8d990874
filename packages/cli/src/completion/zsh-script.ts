import { posixCaseTables } from './case-tables.js';
import { allCommandNodes, optionsInScope, type CommandNode } from './command-tree.js';
import { oneLine, quotePosix } from './shell-quoting.js';
import { optionNames, pathKey } from './value-words.js';
import { wordWalkerLoop } from './word-walker.js';

/**
 * The zsh completion script (an autoloadable `#compdef` file that also works when sourced): the
 * bash-compatible case tables, description tables for zsh's menus and a walker like bash's.
 */
export function zshScript(root: CommandNode, installHelp: string): string {
  const program = root.name;
  const prefix = `_${program}`;
  const nodes = allCommandNodes(root);
  // `name:description` entries, the format _describe reads (a colon in the name is escaped).
  const entry = (name: string, description: string): string => quotePosix(`${name.replaceAll(':', '\\:')}:${oneLine(description)}`);
  const describedTable = (name: string, rows: Array<[string, string[]]>): string =>
    [
      `${prefix}_${name}() {`,
      '  case "$1" in',
      ...rows.map(([key, entries]) => `    ${quotePosix(key)}) reply=(${entries.join(' ')}) ;;`),
      '    *) reply=(); return 1 ;;',
      '  esac',
      '}',
    ].join('\n');
  const subcommandDescriptions = describedTable(
    'described_subcommands',
    nodes
      .filter((node) => node.subcommands.length > 0)
      .map((node) => [pathKey(node), node.subcommands.map((child) => entry(child.name, child.description))]),
  );
  const optionDescriptions = describedTable(
    'described_options',
    nodes.map((node) => [
      pathKey(node),
      optionsInScope(root, node).flatMap((option) => optionNames(option).map((name) => entry(name, option.description))),
    ]),
  );
  // (Q) removes the quoting typed on the line, so tfstate gets the value the shell would pass.
  const walker = wordWalkerLoop(prefix, { array: 'words', first: 2, cursor: 'CURRENT', typedValue: '${(Q)word}' });
  return `#compdef ${program}
# zsh completion for ${program}, generated from its command definitions by \`${program} completion zsh\`.
${installHelp
  .split('\n')
  .map((line) => `# ${line}`.trimEnd())
  .join('\n')}

${posixCaseTables(root, prefix)}

${subcommandDescriptions}

${optionDescriptions}

${prefix}_complete_value() {
  case "$1" in
    'choices '*) compadd -- \${=\${1#choices }} ;;
    file) _files ;;
    directory) _files -/ ;;
    workspace) compadd -- \${(f)"$(command ${program} "\${forwarded[@]}" __complete workspaces 2>/dev/null)"} ;;
  esac
}

${prefix}() {
  local current="\${words[CURRENT]}" command_path='' expecting='' word index
  local -i positional=0
  local -a forwarded reply entries
${walker}
  if [[ -n $expecting ]]; then
    ${prefix}_option_value "$command_path" "$expecting" && ${prefix}_complete_value "$REPLY"
    return
  fi
  if [[ $current == --*=* ]]; then
    # --backend=s<TAB>: complete the part after the =.
    local option="\${current%%=*}"
    if ${prefix}_option_value "$command_path" "$option"; then
      compset -P '*='
      ${prefix}_complete_value "$REPLY"
    fi
    return
  fi
  if [[ $current == -* ]]; then
    ${prefix}_described_options "$command_path" && entries=("\${reply[@]}") && _describe -t options 'option' entries
    return
  fi
  if ${prefix}_described_subcommands "$command_path"; then
    entries=("\${reply[@]}")
    _describe -t commands 'command' entries
    return
  fi
  ${prefix}_argument "$command_path" "$positional" && ${prefix}_complete_value "$REPLY"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${prefix} "$@"
else
  compdef ${prefix} ${program}
fi
`;
}
