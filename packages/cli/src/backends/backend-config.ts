import { readBackendConfigEntries } from '../config/backend-config-entries.js';
import type { BackendConfig } from './backend-config-value.js';

/**
 * Merges `-c` arguments with Terraform's `-backend-config` rules (see
 * `readBackendConfigEntries`, which also reports where each setting came from).
 */
export async function resolveBackendConfig(entries: readonly string[], workingDirectory: string): Promise<BackendConfig> {
  return (await readBackendConfigEntries(entries, workingDirectory)).config;
}
