export { runCli, type RunCliOptions } from './run-cli.js';
export { ExitCode } from './exit-codes.js';
export { UsageError } from './cli-errors.js';
export {
  BackendRegistry,
  PROVIDER_FACTORY_EXPORT,
  type BackendFactory,
  type BackendFactoryContext,
  type BackendRegistration,
} from './backends/backend-registry.js';
export type { BackendConfig, BackendConfigValue } from './backends/backend-config-value.js';
export { createBuiltinRegistry } from './backends/builtin-backends.js';
export type { CliIo } from './support/cli-io.js';
