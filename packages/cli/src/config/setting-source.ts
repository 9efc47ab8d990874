import type { BackendConfig } from '../backends/backend-config-value.js';

/**
 * Where one backend setting came from, for `tfstate config`:
 * - `block`: the `terraform { backend "TYPE" { ... } }` block of a configuration file;
 * - `file`: a `-c FILE` settings file;
 * - `flag`: a `-c key=value` argument;
 * - `env`: an environment variable, read by the provider;
 * - `default`: the provider's default;
 * - `init`: the configuration `terraform init` recorded in `.terraform/terraform.tfstate`.
 */
export type SettingSource =
  | { kind: 'block'; file: string; line?: number }
  | { kind: 'file'; file: string }
  | { kind: 'flag' }
  | { kind: 'env'; name: string }
  | { kind: 'default' }
  | { kind: 'init'; file: string };

/** Settings together with the source of each top-level setting. */
export interface SourcedConfig {
  config: BackendConfig;
  sources: Readonly<Record<string, SettingSource>>;
}

/** `file:line`, or the file alone when the line is unknown. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case 'block':
      return source.line === undefined ? `block ${source.file}` : `block ${source.file}:${source.line}`;
    case 'file':
      return `file ${source.file}`;
    case 'env':
      return `env ${source.name}`;
    case 'init':
      return `init ${source.file}`;
    default:
      return source.kind;
  }
}
