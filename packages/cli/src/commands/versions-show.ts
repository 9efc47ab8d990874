import { writeFile } from 'node:fs/promises';
import type { CommandContext } from '../command-context.js';
import { writeAll } from '../support/cli-io.js';
import { printJson, printLines } from '../support/print.js';
import { readStateVersion, versionedBackend } from './versions-source.js';

export interface VersionsShowOptions {
  output?: string;
}

/**
 * `versions show VERSION`: the bytes of one version exactly as stored, on stdout (nothing else
 * goes there) or into `--output`, as `state pull` does for the current state.
 */
export async function run(context: CommandContext, [versionId]: string[], options: VersionsShowOptions): Promise<void> {
  const backend = await versionedBackend(context);
  const stored = await readStateVersion(context, backend, versionId!);
  if (options.output === undefined) {
    await writeAll(context.io.stdout, stored.bytes);
    return;
  }
  const path = context.resolvePath(options.output);
  await writeFile(path, stored.bytes);
  if (context.json) {
    await printJson(context, {
      workspace: context.workspace,
      version: versionId,
      ...(stored.versionId === undefined ? {} : { versionId: stored.versionId }),
      output: path,
      bytes: stored.bytes.byteLength,
    });
  } else {
    await printLines(context, `Wrote ${stored.bytes.byteLength} bytes of version ${versionId} of workspace "${context.workspace}" to ${options.output}.`);
  }
}
