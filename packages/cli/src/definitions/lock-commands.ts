import type { CommandDefinition } from './lazy-action.js';
import { withExamples } from './command-examples.js';

export const defineLockCommands: CommandDefinition = (program, lazy) => {
  const lock = program.command('lock').description('inspect and take the state lock');
  withExamples(lock.command('status').description('show who holds the lock (exit 0 whether locked or not)'), [
    'tfstate lock status',
    'tfstate lock status --json   # {"locked":false} when free',
  ]).action(lazy(() => import('../commands/lock-status.js')));
  withExamples(
    lock
      .command('acquire')
      .description('take the lock, print its ID and leave it held (for CI scripts; needs a backend whose locks outlive the process)')
      .option('--operation <text>', 'operation recorded in the lock', 'tfstate-lock-acquire')
      .option('--info <text>', 'extra text recorded in the lock', ''),
    ['LOCK_ID=$(tfstate --backend s3 -c backend.hcl lock acquire --info "deploy #42")', 'tfstate --backend s3 -c backend.hcl unlock "$LOCK_ID"'],
    "The local backend's lock is an OS file lock that dies with the process, so lock acquire refuses it.",
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
