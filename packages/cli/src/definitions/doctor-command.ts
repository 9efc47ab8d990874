import { withExamples } from './command-examples.js';
import type { CommandDefinition } from './lazy-action.js';

export const defineDoctorCommand: CommandDefinition = (program, lazy) => {
  withExamples(
    program
      .command('doctor')
      .description('check that the backend is safe to use: store, versioning, encryption, conditional writes, lock table, identity, digests, stale locks')
      .option('--all-workspaces', 'check the digest and locks of every workspace, not only the selected one')
      .option('--scan-lock-table', 'with --all-workspaces, also read the DynamoDB or TableStore lock table for locks of workspaces without a state')
      .option('--stale-after <duration>', 'flag held locks older than this (Go syntax: 30m, 1h)', '1h'),
    [
      'tfstate --backend s3 -c backend.hcl doctor',
      'tfstate --backend s3 -c backend.hcl doctor --all-workspaces --stale-after 30m --json   # exit 1 when something fails',
      'tfstate doctor   # local backend: directory writable, lock works, no leftover lock info or journals',
    ],
    'Each item is ok, WARN (advice) or FAIL (unsafe). Exit 1 when any item fails, 0 otherwise. The probe writes and removes a small ' +
      'object beside the default state to test conditional writes; the local checks take and release the lock.',
  ).action(lazy(() => import('../commands/doctor.js')));
};
