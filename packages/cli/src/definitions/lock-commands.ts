import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineLockCommands: CommandDefinition = (program, lazy) => {
  const lock = program.command('lock').description('inspect and take the state lock');
  withExamples(
    lock
      .command('status')
      .description('show who holds the lock (exit 0 whether locked or not)')
      .option('--all', 'every held lock under the backend: all workspaces with a state, plus lock files found by listing')
      .option('--scan-lock-table', 'with --all, also read the DynamoDB or TableStore lock table for locks of workspaces without a state'),
    [
      'tfstate lock status',
      'tfstate lock status --json   # {"locked":false} when free',
      'tfstate --backend s3 -c backend.hcl lock status --all --json',
      'tfstate --backend s3 -c backend.hcl lock status --all --scan-lock-table',
    ],
    '--all covers the default workspace, every workspace with a state and, where listing is cheap, lock records without a state: ' +
      's3 and oss lock files (use_lockfile) under the workspace prefix. DynamoDB and TableStore lock rows are read only for those ' +
      'workspaces unless --scan-lock-table is given: then the whole DynamoDB table is scanned (billed as a read of every item), or ' +
      "the TableStore rows under the backend's prefix are read in key order. The local backend checks the workspaces it lists.",
  ).action(lazy(() => import('../commands/lock-status.js')));
  withExamples(
    lock
      .command('acquire')
      .description('take the lock, print its ID and leave it held (for CI scripts; needs a backend whose locks outlive the process)')
      .option('--operation <text>', 'operation recorded in the lock', 'tfstate-lock-acquire')
      .option('--info <text>', 'extra text recorded in the lock', '')
      .option('--wait', 'wait for a held lock until it is released (up to --lock-timeout when that is set), naming the holder on stderr'),
    [
      'LOCK_ID=$(tfstate --backend s3 -c backend.hcl lock acquire --info "deploy #42")',
      'tfstate --backend s3 -c backend.hcl unlock "$LOCK_ID"',
      'tfstate --backend s3 -c backend.hcl lock acquire --wait   # blocks while another run holds the lock',
    ],
    "The local backend's lock is an OS file lock that dies with the process, so lock acquire refuses it. " +
      'Every locking command waits up to --lock-timeout for a held lock and says on stderr who holds it and for how long.',
  ).action(lazy(() => import('../commands/lock-acquire.js')));

  withExamples(program.command('unlock').description('release a lock by its ID (the ID printed by lock acquire)').argument('<id>', 'lock ID'), [
    'tfstate unlock 6f1c0a52-98b4-1a7e-4c0b-3c6e2a8a9d11',
  ]).action(lazy(() => import('../commands/unlock.js')));
  withExamples(
    program
      .command('force-unlock')
      .description('release a lock someone else holds (asks for confirmation on a terminal)')
      .argument('<id>', 'lock ID, as shown by lock status')
      .option('-y, --yes', 'do not ask for confirmation (required when stdin is not a terminal)'),
    ['tfstate lock status', 'tfstate force-unlock 6f1c0a52-98b4-1a7e-4c0b-3c6e2a8a9d11 --yes'],
  ).action(lazy(() => import('../commands/force-unlock.js')));
};
