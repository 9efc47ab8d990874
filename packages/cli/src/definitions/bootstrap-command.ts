import { withExamples } from './command-examples.js';
import type { CommandDefinition } from './lazy-action.js';

export const defineBootstrapCommand: CommandDefinition = (program, lazy) => {
  withExamples(
    program
      .command('bootstrap')
      .description('create what the backend needs (bucket, versioning, encryption, access settings, lock table, directory) or complete it; idempotent')
      .option('--dry-run', 'only look: print what would be created or changed, change nothing')
      .option('--kms-key-id <id>', 'KMS key for the default bucket encryption (s3: instead of kms_key_id; oss: KMS instead of AES256)')
      .option('--tls-policy', 's3: set the TLS-only bucket policy even for a plain-HTTP endpoint (it then refuses this client)')
      .option('--no-tls-policy', 's3: leave the bucket policy alone'),
    [
      'tfstate --backend s3 -c backend.hcl bootstrap --dry-run',
      'tfstate --backend s3 -c bucket=my-state -c key=app/terraform.tfstate -c region=eu-west-1 -c dynamodb_table=locks bootstrap',
      'tfstate --backend oss -c oss.tfbackend bootstrap --kms-key-id 0a1b2c3d-... --json',
    ],
    'Each step prints created, changed, already, would-create/would-change (--dry-run), skipped, unsupported-by-server (the store ' +
      'lacks that API; the setting is NOT in place) or conflict (an existing resource contradicts the backend; fix it by hand). ' +
      'Exit 1 when a step is a conflict, 0 otherwise.',
  ).action(lazy(() => import('../commands/bootstrap.js')));
};
