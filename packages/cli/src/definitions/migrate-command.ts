import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export const defineMigrateCommand: CommandDefinition = (program, lazy) => {
  withExamples(
    program
      .command('migrate')
      .description('copy every workspace (or those matching --workspaces) to another backend: locked, verified, resumable')
      .option('--to-backend <type>', 'the target backend type (local, s3, oss); not needed with --to-config FILE.tf')
      .option('-t, --to-backend-config <key=value|file>', 'target backend setting or settings file, repeatable (like -c)', collect)
      .option('--to-config <file>', 'target backend: a .tf file with a backend block, or a -backend-config style settings file')
      .option('--workspaces <pattern>', 'copy only workspaces matching PATTERN (glob: * and ?), repeatable', collect)
      .option('--dry-run', 'print the plan (copy/skip/conflict per workspace) and change nothing')
      .option('--force', 'overwrite target states that conflict (other lineage, newer or same serial with other content)')
      .option('--journal <file>', 'journal that makes the migration resumable', '.tfstate-migrate.json'),
    [
      'tfstate migrate --to-backend s3 -t bucket=new-state -t key=app/terraform.tfstate -t region=eu-west-1 --dry-run',
      'tfstate --backend s3 -c old.s3.tfbackend migrate --to-backend oss --to-config new.oss.tfbackend',
      'tfstate migrate --to-config ../new-backend/main.tf --workspaces "prod-*" --lock-timeout 60s --json',
    ],
    `The source is the current backend (--backend, -c, or the configuration's backend block). Each workspace
is copied byte for byte (lineage and serial kept) under the source's and the target's lock, then read
back and verified. A target that already holds the same bytes is skipped; one with no state, an empty
state, or the same lineage at a lower serial is written; anything else is a conflict (exit 1) unless --force. The journal records progress: after an
interruption, run the same command again to resume. The journal is removed when every workspace is done.
(-w/--workspace is the global workspace option; migrate selects workspaces with --workspaces.)`,
  ).action(lazy(() => import('../commands/migrate.js')));
};
