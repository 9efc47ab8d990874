import { spawn } from 'node:child_process';

/**
 * Runs a program to completion and returns its exit code, output and wall time. Rejects with
 * the output when it exits non-zero, unless `allowFailure`.
 */
export function runProcess(command, args, { cwd, env, input, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const result = { code, signal, ms, stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString() };
      if ((code !== 0 || signal) && !allowFailure) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${result.stderr || result.stdout}`.slice(0, 4000)));
      } else {
        resolve(result);
      }
    });
    child.stdin.end(input);
  });
}

/**
 * Runs a Node worker script that prints one JSON line last and returns that object. Workers
 * measure inside themselves, so process start-up is not part of their timings.
 */
export async function runNodeWorker(script, payload, { env } = {}) {
  const result = await runProcess(process.execPath, ['--no-warnings', script, JSON.stringify(payload)], { env: { ...process.env, ...env } });
  const lines = result.stdout.trim().split('\n');
  return { ...JSON.parse(lines[lines.length - 1]), wallMs: result.ms };
}
