import { execFile, spawn } from 'node:child_process';
import { access, constants, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { binPath, runProcess } from './run-tfstate.js';

const run = promisify(execFile);
const shellPackages = { bash: 'bash', zsh: 'zsh', fish: 'fish' } as const;
export type Shell = keyof typeof shellPackages;

async function onPath(program: string): Promise<boolean> {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    try {
      await access(join(directory, program), constants.X_OK);
      return true;
    } catch {
      // not here; try the next directory
    }
  }
  return false;
}

let installation: Promise<void> | undefined;

/**
 * Makes sure bash, zsh and fish are installed: as root on a Debian machine (the CI machine) the
 * missing ones are installed with apt-get, otherwise the test fails with the command to run.
 */
export function ensureShells(): Promise<void> {
  installation ??= (async () => {
    const missing: Shell[] = [];
    for (const shell of Object.keys(shellPackages) as Shell[]) if (!(await onPath(shell))) missing.push(shell);
    if (missing.length === 0) return;
    const packages = missing.map((shell) => shellPackages[shell]);
    const isRoot = process.getuid?.() === 0;
    if (!isRoot || !(await onPath('apt-get'))) {
      throw new Error(`The completion tests drive ${missing.join(', ')}, which are missing. Install them: sudo apt-get install -y ${packages.join(' ')}`);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
    await run('apt-get', [...lockWait, 'update', '-qq'], { env, timeout: 300_000 });
    await run('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', ...packages], { env, timeout: 600_000 });
  })();
  return installation;
}

interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a shell with stdin closed from the start (a shell that exits early must not break a pipe). */
function runShell(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Splits a command line the way the tests write them: words separated by single spaces, the last possibly empty. */
function words(line: string): string[] {
  return line.split(' ');
}

const bashDriver = `source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$*"
COMP_POINT=\${#COMP_LINE}
_tfstate_completion
printf '%s\\n' "\${COMPREPLY[@]}"
`;

/*
 * zsh completes only inside the line editor, so the driver starts an interactive zsh on a pseudo
 * terminal (zsh/zpty), types the line and TAB, and records every candidate the completion adds by
 * wrapping the compadd builtin. A marker command typed after the TAB says when it is done.
 */
const zshDriver = `zmodload zsh/zpty
script=$1 out=$2 line=$3
wait_for() {
  local attempt
  for attempt in {1..600}; do
    [[ -e $1 ]] && return 0
    zpty -r -t completion ignored 2>/dev/null
    sleep 0.05
  done
  print -u2 "zsh did not get to $1 while completing: $line"
  exit 1
}
zpty completion zsh -f -i
# A script path ending in /_tfstate is installed the autoload way (a directory on $fpath), any other is sourced.
if [[ \${script:t} == _tfstate ]]; then
  zpty -w completion "PS1='' RPROMPT=''; fpath=(\${(q)script:h} \$fpath); autoload -Uz compinit && compinit -u -D"
else
  zpty -w completion "PS1='' RPROMPT=''; autoload -Uz compinit && compinit -u -D; source \${(q)script}"
fi
zpty -w completion "compadd() { local -a captured; builtin compadd -O captured \\"\\$@\\"; print -rl -- \\$captured >> \${(q)out}; builtin compadd \\"\\$@\\" }"
# Type the line only once the shell is set up and back at its prompt.
zpty -w completion "print -r -- ready > \${(q)out}.ready"
wait_for $out.ready
zpty -n -w completion "$line"$'\\t'
zpty -n -w completion $'\\C-e\\C-u'
zpty -w completion "print -r -- done > \${(q)out}.done"
wait_for $out.done
zpty -d completion
`;

export interface CompletionSession {
  /** Candidates the shell offers for `line` (the cursor at its end), sorted and without duplicates. */
  complete(shell: Shell, line: string): Promise<string[]>;
  /** The same for zsh with the script installed as `_tfstate` in a directory on $fpath (autoloaded). */
  completeAutoloadedZsh(line: string): Promise<string[]>;
  /** Removes the scripts. */
  close(): Promise<void>;
}

/**
 * Writes each shell's script (from the built `tfstate completion <shell>`) and completes lines in
 * real shells, non-interactively, in `cwd` with the built tfstate on PATH.
 */
export async function completionSession(cwd: string): Promise<CompletionSession> {
  await ensureShells();
  // Lives as long as the session, unlike temporaryDirectory() which goes after each test.
  const scripts = await mkdtemp(join(tmpdir(), 'tfstate-completion-'));
  // `tfstate` on PATH, as an installed CLI would be: the scripts call it for workspace names.
  const binDirectory = join(scripts, 'bin');
  await mkdir(binDirectory);
  await symlink(binPath, join(binDirectory, 'tfstate'));
  const env = { PATH: `${binDirectory}${delimiter}${process.env.PATH ?? ''}`, HOME: scripts, TERM: 'dumb' };
  const scriptFor = new Map<Shell, string>();
  for (const shell of Object.keys(shellPackages) as Shell[]) {
    const generated = await runProcess(process.execPath, [binPath, 'completion', shell], { cwd });
    if (generated.code !== 0) throw new Error(`tfstate completion ${shell} failed: ${generated.stderr}`);
    const file = join(scripts, `tfstate.${shell}`);
    await writeFile(file, generated.stdout);
    scriptFor.set(shell, file);
  }
  await mkdir(join(scripts, 'zsh-functions'));
  await writeFile(join(scripts, 'zsh-functions', '_tfstate'), await readFile(scriptFor.get('zsh')!, 'utf8'));
  await writeFile(join(scripts, 'driver.bash'), bashDriver);
  await writeFile(join(scripts, 'driver.zsh'), zshDriver);
  let counter = 0;

  const candidates = (result: ShellResult, shell: Shell, line: string, output = result.stdout): string[] => {
    if (result.code !== 0) throw new Error(`${shell} failed completing "${line}": ${result.stderr}`);
    return [...new Set(output.split('\n').filter(Boolean))].sort();
  };

  const completeInZsh = async (script: string, line: string): Promise<string[]> => {
    const out = join(scripts, `zsh-${counter++}.txt`);
    await writeFile(out, '');
    const result = await runShell('zsh', ['-f', join(scripts, 'driver.zsh'), script, out, line], { cwd, env });
    return candidates(result, 'zsh', line, await readFile(out, 'utf8'));
  };

  return {
    completeAutoloadedZsh: (line) => completeInZsh(join(scripts, 'zsh-functions', '_tfstate'), line),
    async complete(shell, line) {
      const script = scriptFor.get(shell)!;
      if (shell === 'bash') {
        const result = await runShell('bash', ['--noprofile', '--norc', join(scripts, 'driver.bash'), script, ...words(line)], { cwd, env });
        return candidates(result, shell, line);
      }
      if (shell === 'zsh') return completeInZsh(script, line);
      // fish prints "candidate<TAB>description" lines for complete -C.
      const result = await runShell('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', script, line], { cwd, env });
      return candidates(result, shell, line, result.stdout.replace(/\t.*$/gm, ''));
    },
    close: () => rm(scripts, { recursive: true, force: true }),
  };
}
