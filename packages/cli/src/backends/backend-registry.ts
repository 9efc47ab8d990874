import type { BootstrapOptions, BootstrapReport, DescribedSetting, StateProvider } from '@x/backend-core';
import { UsageError } from '../cli-errors.js';
import type { BackendConfig } from './backend-config-value.js';

/**
 * The export a provider package offers the CLI: a {@link BackendFactory}. Packages loaded
 * through the default registry entries for `s3` and `oss` MUST export it.
 */
export const PROVIDER_FACTORY_EXPORT = 'createProviderFromConfig';

/** What a backend factory gets besides its settings. */
export interface BackendFactoryContext {
  /** The directory `tfstate` works in (after `--chdir`); relative paths resolve from it. */
  workingDirectory: string;
  /** The environment, for provider variables such as `AWS_PROFILE` or `ALICLOUD_ACCESS_KEY`. */
  env: NodeJS.ProcessEnv;
}

/**
 * Turns merged `-c` settings into a provider. MUST refuse unknown or missing settings with a
 * `BackendError` `INVALID_CONFIG` naming the setting (never its value).
 */
export type BackendFactory = (
  config: BackendConfig,
  context: BackendFactoryContext,
) => StateProvider | Promise<StateProvider>;

/**
 * Lists the effective settings of a backend: the given ones after validation, plus what the
 * provider takes from the environment and its defaults. MUST throw as the factory would for
 * invalid settings, and MUST NOT return a secret's value.
 */
export type SettingsDescriber = (config: BackendConfig, context: BackendFactoryContext) => DescribedSetting[] | Promise<DescribedSetting[]>;

/**
 * Creates or completes what a backend needs (bucket, lock table, directory) for `tfstate
 * bootstrap`. MUST validate the settings as the factory does and MUST be idempotent.
 */
export type BackendBootstrap = (config: BackendConfig, context: BackendFactoryContext, options: BootstrapOptions) => Promise<BootstrapReport>;

/** One backend the CLI can open with `--backend NAME`. */
export interface BackendRegistration {
  /** The `--backend` value. */
  name: string;
  /** The npm package that implements it, named in the "not installed" error. */
  packageName: string;
  /** One line for `--help`. */
  summary: string;
  /** Imports the provider package; called only when this backend is used. */
  load(): Promise<BackendFactory>;
  /** Imports the package's settings describer; optional, used only by `tfstate config`. */
  describe?(): Promise<SettingsDescriber>;
  /** Imports the package's bootstrap; optional, used only by `tfstate bootstrap`. */
  loadBootstrap?(): Promise<BackendBootstrap>;
}

/**
 * Backends by name. Registering stores only a loader, so listing or describing backends
 * (`--help`) never imports a provider package or its SDK.
 */
export class BackendRegistry {
  private readonly registrations = new Map<string, BackendRegistration>();

  register(registration: BackendRegistration): this {
    if (this.registrations.has(registration.name)) {
      throw new TypeError(`backend "${registration.name}" is already registered`);
    }
    this.registrations.set(registration.name, registration);
    return this;
  }

  /** Registered backends in registration order. */
  list(): BackendRegistration[] {
    return [...this.registrations.values()];
  }

  /** The registration for `name`; an unknown name is a usage error listing the known ones. */
  get(name: string): BackendRegistration {
    const registration = this.registrations.get(name);
    if (!registration) {
      throw new UsageError(`unknown backend "${name}"`, {
        hint: `Choose one of: ${[...this.registrations.keys()].join(', ')}.`,
      });
    }
    return registration;
  }

  /** Loads the backend's package and builds a provider from the settings. */
  async createProvider(name: string, config: BackendConfig, context: BackendFactoryContext): Promise<StateProvider> {
    const factory = await this.get(name).load();
    return factory(config, context);
  }
}
