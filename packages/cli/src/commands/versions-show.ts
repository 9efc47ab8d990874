import type { CommandContext } from '../command-context.js';
import { writeStateBytes } from '../support/write-state-bytes.js';
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
  await writeStateBytes(context, stored.bytes, options.output, {
    json: (path) => ({
      workspace: context.workspace,
      version: versionId,
      ...(stored.versionId === undefined ? {} : { versionId: stored.versionId }),
      output: path,
      bytes: stored.bytes.byteLength,
    }),
    what: `version ${versionId} of workspace "${context.workspace}"`,
  });
}
