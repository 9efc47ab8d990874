/** Where a command reads and writes. Passed in, so the program never touches `process` directly. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** True when stdin is an interactive terminal (confirmation prompts are allowed). */
  stdinIsTerminal: boolean;
  /** True when stderr is an interactive terminal (progress bars are drawn; otherwise plain lines). */
  stderrIsTerminal?: boolean;
  env: NodeJS.ProcessEnv;
  /** The directory the command was started in. */
  cwd: string;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdinIsTerminal: process.stdin.isTTY === true,
    stderrIsTerminal: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Writes and waits until the stream has taken the data, so large outputs are complete before exit. */
export function writeAll(stream: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** Reads a stream to its end. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
