/** Where bash and zsh keep the words typed so far, and how each hands a word back. */
export interface WalkedWords {
  /** The array of words on the line: `COMP_WORDS` (bash), `words` (zsh). */
  array: string;
  /** Index of the first word after the program name: 1 in bash, 2 in zsh (1-based arrays). */
  first: number;
  /** Index of the word under the cursor: `COMP_CWORD` (bash), `CURRENT` (zsh). */
  cursor: string;
  /** Shell lines run first for each word (bash: skip the `=` it splits off as a word). */
  skip?: string[];
  /** How a typed option value is passed on to `tfstate __complete` (zsh removes the quoting). */
  typedValue: string;
}

/**
 * The loop bash and zsh share that walks the words before the cursor, using the functions of
 * `posixCaseTables`: it follows subcommands into `command_path`, counts positional arguments,
 * skips option values (`--backend s3`, `--backend=s3`) and collects the root options that must be
 * forwarded to `__complete workspaces` (so workspaces are listed from the backend being typed).
 * Sets `command_path`, `positional`, `expecting` (an option still waiting for its value) and
 * `forwarded`, which the caller declares as locals.
 */
export function wordWalkerLoop(prefix: string, words: WalkedWords): string {
  const indent = (lines: string[]): string[] => lines.map((line) => `    ${line}`);
  return [
    `  for ((index = ${words.first}; index < ${words.cursor}; index++)); do`,
    `    word="\${${words.array}[index]}"`,
    ...indent(words.skip ?? []),
    '    if [[ -n $expecting ]]; then',
    `      ${prefix}_forwarded "$expecting" && forwarded+=("$expecting" "${words.typedValue}")`,
    "      expecting=''",
    '      continue',
    '    fi',
    '    if [[ $word == -* ]]; then',
    '      if [[ $word == *=* ]]; then',
    `        ${prefix}_forwarded "\${word%%=*}" && forwarded+=("$word")`,
    `      elif ${prefix}_option_value "$command_path" "$word"; then`,
    '        expecting=$word',
    '      fi',
    '      continue',
    '    fi',
    `    if ${prefix}_subcommands "$command_path" && [[ " $REPLY " == *" $word "* ]]; then`,
    '      command_path="${command_path:+$command_path }$word"',
    '      positional=0',
    '    else',
    '      positional=$((positional + 1))',
    '    fi',
    '  done',
  ].join('\n');
}
