/**
 * One effective backend setting and where it came from, as a provider package's
 * `describe<Name>Settings` reports it (for `tfstate config`).
 */
export interface DescribedSetting {
  /** The backend argument's name; nested values are dotted (`endpoints.s3`, `assume_role.role_arn`). */
  name: string;
  /** The effective value; a secret MUST already be replaced by a placeholder. */
  value: unknown;
  /**
   * `config`: the given settings; `env`: an environment variable; `profile`: a credentials file's
   * profile; `default`: the backend's default.
   */
  source: 'config' | 'env' | 'profile' | 'default';
  /** The environment variable, when `source` is `env`. */
  envName?: string;
  /** The credentials file, when `source` is `profile`. */
  file?: string;
  secret: boolean;
}
