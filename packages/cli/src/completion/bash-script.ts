import { posixCaseTables } from './case-tables.js';
import type { CommandNode } from './command-tree.js';
import { wordWalkerLoop } from './word-walker.js';

/**
 * The bash completion script: case tables generated from the command tree plus a fixed walker
 * that finds the subcommand being typed, skipping option values (`--backend s3`, `--backend=s3`).
 */
export function bashScript(root: CommandNode, installHelp: string): string {
  const program = root.name;
  const prefix = `_${program}`;
  const walker = wordWalkerLoop(prefix, {
    array: 'COMP_WORDS',
    first: 1,
    cursor: 'COMP_CWORD',
    // bash splits --backend=s3 into three words when = is in COMP_WORDBREAKS.
    skip: ["[[ $word == '=' ]] && continue"],
    typedValue: '$word',
  });
  return `# bash completion for ${program}, generated from its command definitions by \`${program} completion bash\`.
${installHelp
  .split('\n')
  .map((line) => `# ${line}`.trimEnd())
  .join('\n')}

${posixCaseTables(root, prefix)}

${prefix}_complete_value() {
  # Names with spaces stay one word: split compgen's output on newlines only.
  local IFS=$'\\n'
  case "$1" in
    'choices '*)
      local -a choices
      IFS=' ' read -r -a choices <<< "\${1#choices }"
      COMPREPLY=($(compgen -W "$(printf '%s\\n' "\${choices[@]}")" -- "$current"))
      ;;
    file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$current")) ;;
    directory) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$current")) ;;
    workspace) COMPREPLY=($(compgen -W "$(command ${program} "\${forwarded[@]}" __complete workspaces 2>/dev/null)" -- "$current")) ;;
  esac
}

${prefix}_completion() {
  local current="\${COMP_WORDS[COMP_CWORD]}" command_path='' expecting='' word index
  local -i positional=0
  local -a forwarded=()
${walker}
  COMPREPLY=()
  if [[ $current == '=' ]]; then current=''; fi
  if [[ -n $expecting ]]; then
    ${prefix}_option_value "$command_path" "$expecting" && ${prefix}_complete_value "$REPLY"
    return 0
  fi
  if [[ $current == --*=* ]]; then
    return 0
  fi
  if [[ $current == -* ]]; then
    ${prefix}_options "$command_path"
    COMPREPLY=($(compgen -W "$REPLY" -- "$current"))
    return 0
  fi
  if ${prefix}_subcommands "$command_path"; then
    COMPREPLY=($(compgen -W "$REPLY" -- "$current"))
    return 0
  fi
  ${prefix}_argument "$command_path" "$positional" && ${prefix}_complete_value "$REPLY"
  return 0
}

complete -F ${prefix}_completion ${program}
`;
}
