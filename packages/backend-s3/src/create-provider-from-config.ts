import type { StateProvider } from '@x/backend-core';
import { checkAccount, createS3Clients, resolveS3Settings } from './config/index.js';
import { createS3Provider } from './s3-provider.js';

/** What the CLI passes besides the settings. */
export interface ProviderFactoryContext {
  /** The directory relative paths resolve from. */
  workingDirectory: string;
  /** The environment (`AWS_*` fallbacks). */
  env: NodeJS.ProcessEnv;
}

/**
 * The CLI's entry point (`tfstate --backend s3 -c bucket=... -c key=...`): validates the settings
 * as Terraform does (`INVALID_CONFIG` naming the argument, never a secret value), prints
 * Terraform's deprecation warnings, builds the SDK clients, checks the account when
 * `allowed_account_ids`/`forbidden_account_ids` ask for it, and returns a provider that owns and
 * closes its clients.
 */
export async function createProviderFromConfig(config: Record<string, unknown>, context: ProviderFactoryContext): Promise<StateProvider> {
  const resolved = resolveS3Settings(config, context.env);
  for (const warning of resolved.warnings) process.emitWarning(warning, { code: 'TFSTATE_S3_CONFIG' });
  const clients = createS3Clients(resolved);
  try {
    await checkAccount(clients, resolved);
  } catch (error) {
    clients.s3.destroy();
    clients.dynamodb?.destroy();
    clients.sts?.destroy();
    throw error;
  }
  return createS3Provider({ settings: resolved.settings, clients, ownsClients: true });
}
