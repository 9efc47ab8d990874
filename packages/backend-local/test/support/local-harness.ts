import * as fs from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { ConformanceInspector, ConformanceTamperer } from '@x/backend-core/conformance';
import type { StateProvider } from '@x/backend-core';

/**
 * Raw files of a namespace directory, as `/`-separated paths. Backups are left out: each write
 * deliberately keeps the previous state in `terraform.tfstate.backup` (Terraform does too), which
 * is not a leftover part; backups have their own tests in this package.
 */
export function localInspector(directoryOf: (namespace: string) => string): ConformanceInspector {
  return {
    async listKeys(namespace) {
      const root = directoryOf(namespace);
      const files = await listFiles(root);
      return files.map((file) => relative(root, file).split(sep).join('/')).filter((key) => !key.endsWith('.backup'));
    },
    async readRaw(namespace, key) {
      try {
        return new Uint8Array(await fs.promises.readFile(join(directoryOf(namespace), key)));
      } catch {
        return undefined;
      }
    },
  };
}

/** Writes and deletes files behind the provider's back, as an operator would. */
export function localTamperer(directoryOf: (namespace: string) => string): ConformanceTamperer {
  return {
    async writeRaw(namespace, key, bytes) {
      const path = join(directoryOf(namespace), key);
      await fs.promises.mkdir(dirname(path), { recursive: true });
      await fs.promises.writeFile(path, bytes);
    },
    async deleteRaw(namespace, key) {
      await fs.promises.rm(join(directoryOf(namespace), key), { force: true });
    },
  };
}

/**
 * The client loses its locks as a killed process would: its descriptors close, nothing is
 * cleaned up. (Real SIGKILLed holders are covered in process-locking.test.ts.)
 */
export async function crashInProcess(provider: StateProvider): Promise<void> {
  await (provider as StateProvider & { abandonLocks(): Promise<void> }).abandonLocks();
}

export async function removeNamespace(directory: string): Promise<void> {
  await fs.promises.rm(directory, { recursive: true, force: true });
}

async function listFiles(directory: string): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(directory, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else files.push(path);
  }
  return files.sort();
}
