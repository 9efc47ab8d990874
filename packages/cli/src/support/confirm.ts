import { createInterface } from 'node:readline/promises';
import type { CliIo } from './cli-io.js';

/** Asks on the terminal; true only when the answer is exactly `yes`, as Terraform requires. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  const prompt = createInterface({ input: io.stdin, output: io.stderr, terminal: io.stdinIsTerminal });
  try {
    const answer = await prompt.question(`${question}\n  Only 'yes' will be accepted to confirm.\n\n  Enter a value: `);
    return answer.trim() === 'yes';
  } finally {
    prompt.close();
  }
}
