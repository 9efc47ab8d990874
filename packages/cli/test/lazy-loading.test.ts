import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTfstate, temporaryDirectory } from './helpers/run-tfstate.js';

const recorder = fileURLToPath(new URL('./fixtures/record-imports.mjs', import.meta.url));

/** Runs tfstate with a loader hook that records every module the process loads. */
async function loadedModules(args: string[]): Promise<{ code: number | null; modules: string[] }> {
  const cwd = await temporaryDirectory();
  const file = join(cwd, 'imports.txt');
  const result = await runTfstate(args, { cwd, env: { RECORD_IMPORTS_FILE: file }, nodeArguments: ['--import', recorder] });
  const modules = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  return { code: result.code, modules };
}

const providerModule = /backend-local|backend-s3|backend-oss|@aws-sdk|ali-oss|tablestore/;

describe('lazy loading', () => {
  it('--help imports the CLI bundle but no command implementation, core module or provider', async () => {
    const { code, modules } = await loadedModules(['--help']);
    expect(code).toBe(0);
    expect(modules.some((url) => /\/cli\/dist\/index\.js$/.test(url))).toBe(true);
    // Commander is bundled into dist (tsup.config.ts): nothing is loaded from node_modules at all.
    expect(modules.filter((url) => url.includes('/node_modules/'))).toEqual([]);
    expect(modules.filter((url) => providerModule.test(url))).toEqual([]);
    expect(modules.filter((url) => url.includes('backend-core'))).toEqual([]);
    expect(modules.filter((url) => /\/dist\/(workspace|state|lock|unlock|force-unlock|outputs)-/.test(url))).toEqual([]);
  });

  it('a command imports its own implementation and the local provider, and nothing of s3 or oss', async () => {
    const { code, modules } = await loadedModules(['workspace', 'list']);
    expect(code).toBe(0);
    expect(modules.some((url) => /\/dist\/workspace-list-[\w-]+\.js$/.test(url))).toBe(true);
    expect(modules.some((url) => url.includes('/backend-local/dist/'))).toBe(true);
    expect(modules.filter((url) => /\/dist\/(state-push|outputs)-/.test(url))).toEqual([]);
    expect(modules.filter((url) => /backend-s3|backend-oss|@aws-sdk|ali-oss|tablestore/.test(url))).toEqual([]);
  });
});
