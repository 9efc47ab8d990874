/** Process exit codes of `tfstate`. Stable: scripts branch on them. */
export const ExitCode = {
  /** The command did what was asked. */
  OK: 0,
  /** The command failed; the reason is on stderr. */
  ERROR: 1,
  /** The command line was wrong: unknown command or option, missing argument, bad value. */
  USAGE: 2,
  /** The state lock is held by someone else (after waiting `--lock-timeout`). */
  LOCK_CONFLICT: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code table as shown at the end of `tfstate --help`. */
export const exitCodeHelp = `Exit codes:
  0  success
  1  error (message on stderr)
  2  usage error (unknown command or option, missing or bad argument)
  3  the state lock is held by someone else`;
