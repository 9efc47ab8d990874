import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineVersionsCommands: CommandDefinition = (program, lazy) => {
  const versions = program
    .command('versions')
    .description('list, read, compare and restore earlier states (backends that keep versions: s3 and oss on a versioned bucket)');
  withExamples(
    versions
      .command('list')
      .description('list the stored versions of the state, newest first')
      .option('--details', 'download every version to show its serial and lineage (one read per version)'),
    ['tfstate --backend s3 -c backend.hcl versions list', 'tfstate -w prod versions list --details --json'],
    'Without --details only the current version is read, for its serial and lineage.',
  ).action(lazy(() => import('../commands/versions-list.js')));
  withExamples(
    versions
      .command('show')
      .description('write the bytes of one version, exactly as stored, to stdout or a file')
      .argument('<version>', 'version id (from versions list), or current')
      .option('-o, --output <file>', 'write to FILE instead of stdout'),
    ['tfstate versions show 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY > old.tfstate', 'tfstate versions show current -o now.tfstate --json'],
  ).action(lazy(() => import('../commands/versions-show.js')));
  withExamples(
    versions
      .command('diff')
      .description('compare two versions instance by instance: what was added, removed or changed (no attribute values)')
      .argument('<from>', 'version id, or current')
      .argument('<to>', 'version id, or current'),
    ['tfstate versions diff 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY current', 'tfstate versions diff OLD_ID NEW_ID --json'],
    'Sensitive outputs never show their values; changed instances list attribute names only.',
  ).action(lazy(() => import('../commands/versions-diff.js')));
  withExamples(
    versions
      .command('restore')
      .description('make an earlier version the current state again, as the next serial, under the lock')
      .argument('<version>', 'version id (from versions list)')
      .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)')
      .option('--force', 'restore a version whose lineage differs from the current state'),
    ['tfstate versions list', 'tfstate versions restore 3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY', 'tfstate versions restore OLD_ID --yes --lock-timeout 60s'],
    `The restored state keeps the version's bytes except its serial, which becomes the current
serial + 1, so Terraform accepts it as the successor. A version from another lineage is
refused unless --force. The write itself is a new version: restoring can be undone.`,
  ).action(lazy(() => import('../commands/versions-restore.js')));
};
