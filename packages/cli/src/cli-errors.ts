/** The command line itself is wrong (exit code 2). `hint` says how to call the command instead. */
export class UsageError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string } = {}) {
    super(message);
    this.name = 'UsageError';
    this.hint = options.hint;
  }
}
