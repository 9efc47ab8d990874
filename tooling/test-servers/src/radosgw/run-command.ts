import { execFile } from 'node:child_process';

/** Result of a finished command: its standard output and error as text. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without a shell and resolves with its output. Rejects with an error that names the
 * command line, the exit status and the tail of its error output, so a failed setup step explains
 * itself in the test log.
 */
export function runCommand(
  program: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { timeout: options.timeoutMs ?? 60_000, env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const status = error.killed ? `timed out after ${options.timeoutMs ?? 60_000} ms` : `exit status ${String(error.code)}`;
          const detail = lastLines(`${stderr}\n${stdout}`.trim(), 20);
          reject(new Error(`${program} ${args.join(' ')} failed (${status})${detail ? `:\n${detail}` : ''}`, { cause: error }));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/** The last `count` lines of a text, for error messages that must stay readable. */
export function lastLines(text: string, count: number): string {
  return text.split('\n').slice(-count).join('\n');
}
