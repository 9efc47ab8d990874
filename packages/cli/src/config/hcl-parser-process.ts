import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * `@cdktf/hcl2json` runs HashiCorp's HCL parser as a Go program compiled to WebAssembly. Once
 * started, the Go runtime and V8's code for it hold about 80 MB, and ending a worker thread
 * does not give that back to the system (measured: 107 MiB resident after a parse, 100 MiB after
 * the thread ended). So the parser runs in a child process that {@link stopHclParserProcess}
 * ends once the configuration has been read: a 100 MiB `state pull` would otherwise peak about
 * 0.45x the state size higher.
 *
 * The child is `node -e` with the source below, so it runs the same from src/ (tests) and from
 * the bundle in dist/; it loads hcl2json from the path resolved here, given as its argument.
 */
const childSource = `
const { parse } = require(process.argv[1]);
process.on('message', ({ id, name, text }) => {
  parse(name, text).then(
    (document) => process.send({ id, document }),
    (error) => process.send({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
`;

interface Reply {
  id: number;
  document?: unknown;
  error?: string;
}

interface Waiter {
  resolve(document: unknown): void;
  reject(error: Error): void;
}

let child: ChildProcess | undefined;
let nextId = 0;
const waiting = new Map<number, Waiter>();

/**
 * hcl2json's `parse(name, text)`, run in the parser process (started on first use, kept until
 * {@link stopHclParserProcess}). Rejects with hcl2json's error message for a syntax error, and
 * with an error naming the cause when the process cannot run or ends before answering.
 */
export function parseHclInProcess(name: string, text: string): Promise<unknown> {
  const parser = (child ??= startParser());
  parser.ref();
  parser.channel?.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    parser.send({ id, name, text });
  });
}

function startParser(): ChildProcess {
  const hcl2json = createRequire(import.meta.url).resolve('@cdktf/hcl2json');
  const parser = spawn(process.execPath, ['-e', childSource, hcl2json], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  parser.on('message', (reply: Reply) => {
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply.document);
    // An idle parser does not hold this process open, should a caller never stop it.
    if (waiting.size === 0) {
      parser.unref();
      parser.channel?.unref();
    }
  });
  const fail = (error: Error) => {
    for (const waiter of waiting.values()) waiter.reject(error);
    waiting.clear();
    if (child === parser) child = undefined;
  };
  parser.on('error', (error) => fail(new Error(`the HCL parser process could not run: ${error.message}`)));
  parser.on('exit', (code, signal) => fail(new Error(`the HCL parser process ended before it answered (${signal ?? `exit code ${code}`})`)));
  return parser;
}

/** Ends the parser process, if one runs. Parses after this start a new one. */
export async function stopHclParserProcess(): Promise<void> {
  const parser = child;
  child = undefined;
  if (parser === undefined || parser.exitCode !== null || parser.signalCode !== null) return;
  const exited = new Promise((resolve) => parser.once('exit', resolve));
  // Held open again until it has gone, which closing the channel makes it do.
  parser.ref();
  parser.disconnect();
  await exited;
}
