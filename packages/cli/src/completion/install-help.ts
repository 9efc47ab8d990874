/** The shells `tfstate completion` writes scripts for. */
export const completionShellNames = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof completionShellNames)[number];

/** How to install each script: shown at the top of the script itself. */
export const installInstructions: Record<CompletionShell, string> = {
  bash: `Install for bash (either line; start a new shell afterwards):
  tfstate completion bash > ~/.local/share/bash-completion/completions/tfstate   # with the bash-completion package
  echo 'source <(tfstate completion bash)' >> ~/.bashrc`,
  zsh: `Install for zsh (either line; start a new shell afterwards):
  tfstate completion zsh > "\${fpath[1]}/_tfstate"   # any directory on $fpath, before compinit runs
  echo 'source <(tfstate completion zsh)' >> ~/.zshrc   # after the line that runs compinit`,
  fish: `Install for fish (new shells pick it up):
  tfstate completion fish > ~/.config/fish/completions/tfstate.fish`,
};

/** The note under `tfstate completion --help`. Kept apart from the generators so `--help` loads none of them. */
export const completionInstallHelp = `\n${completionShellNames.map((shell) => installInstructions[shell]).join('\n\n')}`;
