import { allCommandNodes, type CommandNode, type ValueCompletion } from './command-tree.js';
import { oneLine, quoteFish } from './shell-quoting.js';
import { forwardedOptionNames, optionNames, pathKey, subcommandWords } from './value-words.js';

/**
 * The fish completion script: a walker function that finds the subcommand being typed and one
 * `complete` line per command, option and argument of the tree, each limited to its command.
 */
export function fishScript(root: CommandNode, installHelp: string): string {
  const program = root.name;
  const prefix = `__${program}`;
  const nodes = allCommandNodes(root);
  // Own options only: the function below also looks in the parents, as commander does.
  const valueOptions = nodes.flatMap((node) =>
    node.options.flatMap((option) => (option.value === undefined ? [] : optionNames(option).map((name) => `${pathKey(node)}|${name}`))),
  );
  const subcommandCases = nodes
    .filter((node) => node.subcommands.length > 0)
    .map((node) => `        case ${quoteFish(pathKey(node))}\n            printf '%s\\n' ${subcommandWords(node).map(quoteFish).join(' ')}`);
  const forwarded = forwardedOptionNames(root);

  const lines: string[] = [];
  const when = (node: CommandNode): string => `-n ${quoteFish(`${prefix}_path_is ${quoteFish(pathKey(node))}`)}`;
  for (const node of nodes) {
    for (const child of node.subcommands) {
      lines.push(`complete -c ${program} ${when(node)} -a ${quoteFish(child.name)} -d ${quoteFish(oneLine(child.description))}`);
    }
    // Root options apply everywhere; a command's own options only under it.
    for (const option of node.options) {
      const condition = node.path.length === 0 ? '' : ` -n ${quoteFish(`${prefix}_path_within ${quoteFish(pathKey(node))}`)}`;
      const names = [option.short === undefined ? '' : ` -s ${option.short.slice(1)}`, option.long === undefined ? '' : ` -l ${option.long.slice(2)}`].join('');
      lines.push(`complete -c ${program}${condition}${names}${valueFlags(option.value, prefix)} -d ${quoteFish(oneLine(option.description))}`);
    }
    // Free-text arguments need no line: `complete -c tfstate -f` already keeps files out.
    for (const argument of node.arguments) {
      if (argument.value.kind !== 'text') lines.push(`complete -c ${program} ${when(node)}${valueFlags(argument.value, prefix)}`);
    }
  }

  return `# fish completion for ${program}, generated from its command definitions by \`${program} completion fish\`.
${installHelp
  .split('\n')
  .map((line) => `# ${line}`.trimEnd())
  .join('\n')}

function ${prefix}_subcommands --argument-names command_path
    switch $command_path
${subcommandCases.join('\n')}
    end
end

function ${prefix}_takes_value --argument-names command_path option
    while true
        contains -- "$command_path|$option" ${valueOptions.map(quoteFish).join(' ')}; and return 0
        test -z "$command_path"; and return 1
        set command_path (string replace -r '\\s*\\S+$' '' -- $command_path)
    end
end

# Prints the subcommand path before the cursor; with -f, the root options to pass to __complete.
function ${prefix}_walk
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l command_path ''
    set -l expecting ''
    set -l forwarded
    for token in $tokens
        if test -n "$expecting"
            contains -- $expecting ${forwarded.map(quoteFish).join(' ')}; and set -a forwarded $expecting $token
            set expecting ''
            continue
        end
        switch $token
            case '--*=*'
                contains -- (string split -m 1 = -- $token)[1] ${forwarded.map(quoteFish).join(' ')}; and set -a forwarded $token
                continue
            case '-*'
                ${prefix}_takes_value "$command_path" $token; and set expecting $token
                continue
        end
        if contains -- $token (${prefix}_subcommands "$command_path")
            set command_path (string trim -- "$command_path $token")
        end
    end
    if test "$argv[1]" = -f
        test (count $forwarded) -gt 0; and printf '%s\\n' $forwarded
    else
        echo $command_path
    end
end

function ${prefix}_path_is --argument-names expected
    test (${prefix}_walk) = "$expected"
end

function ${prefix}_path_within --argument-names ancestor
    set -l current (${prefix}_walk)
    test "$current" = "$ancestor"; or string match -q -- "$ancestor *" "$current"
end

function ${prefix}_workspaces
    command ${program} (${prefix}_walk -f) __complete workspaces 2>/dev/null
end

complete -c ${program} -f
${lines.join('\n')}
`;
}

/** The `complete` flags for a value: -x with the candidates, -r -F for files, nothing for a flag. */
function valueFlags(value: ValueCompletion | undefined, prefix: string): string {
  if (value === undefined) return '';
  switch (value.kind) {
    case 'choices':
      return ` -x -a ${quoteFish(value.choices.join(' '))}`;
    case 'file':
      return ' -r -F';
    case 'directory':
      return ` -x -a ${quoteFish('(__fish_complete_directories (commandline -ct))')}`;
    case 'workspace':
      return ` -x -a ${quoteFish(`(${prefix}_workspaces)`)}`;
    case 'text':
      return ' -x';
  }
}
