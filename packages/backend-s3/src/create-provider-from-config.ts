import type { StateProvider } from '@x/backend-core';
import { checkAccount, createS3Clients, resolveS3Settings, type ResolvedS3Settings, type S3Clients } from './config/index.js';
import { createS3Provider } from './s3-provider.js';

/** What the CLI passes besides the settings. */
export interface ProviderFactoryContext {
  /** The directory relative paths resolve from. */
  workingDirectory: string;
  /** The environment (`AWS_*` fallbacks). */
  env: NodeJS.ProcessEnv;
}

/** Validated settings and the SDK clients built from them, as {@link connectFromConfig} returns them. */
export interface S3Connection {
  resolved: ResolvedS3Settings;
  clients: S3Clients;
}

/**
 * What every entry point that starts from backend arguments does first: validates the settings
 * as Terraform does (`INVALID_CONFIG` naming the argument, never a secret value), prints
 * Terraform's deprecation warnings, builds the SDK clients and checks the account when
 * `allowed_account_ids`/`forbidden_account_ids` ask for it. On failure the clients are closed.
 */
export async function connectFromConfig(config: Record<string, unknown>, context: ProviderFactoryContext): Promise<S3Connection> {
  const resolved = resolveS3Settings(config, context.env);
  for (const warning of resolved.warnings) process.emitWarning(warning, { code: 'TFSTATE_S3_CONFIG' });
  const clients = createS3Clients(resolved);
  try {
    await checkAccount(clients, resolved);
  } catch (error) {
    destroyClients(clients);
    throw error;
  }
  return { resolved, clients };
}

/** Closes the sockets of every client. */
export function destroyClients(clients: S3Clients): void {
  clients.s3.destroy();
  clients.dynamodb?.destroy();
  clients.sts?.destroy();
}

/**
 * The CLI's entry point (`tfstate --backend s3 -c bucket=... -c key=...`): see
 * {@link connectFromConfig}; returns a provider that owns and closes its clients.
 */
export async function createProviderFromConfig(config: Record<string, unknown>, context: ProviderFactoryContext): Promise<StateProvider> {
  const { resolved, clients } = await connectFromConfig(config, context);
  return createS3Provider({ settings: resolved.settings, clients, ownsClients: true });
}
