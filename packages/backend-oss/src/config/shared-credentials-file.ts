import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendError } from '@x/backend-core';

/** The fields Terraform takes from one profile of the aliyun CLI's `config.json`, already gated by `mode`. */
export interface ProfileCredentials {
  /** The file that was read. */
  file: string;
  /** False when the file is missing or has no profile of that name (Terraform then takes nothing, silently). */
  found: boolean;
  mode?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Only in mode `StsToken`. */
  securityToken?: string;
  /** Only in mode `RamRoleArn`. */
  roleArn?: string;
  /** Only in mode `RamRoleArn`. */
  sessionName?: string;
  /** Only in mode `RamRoleArn`. */
  expiredSeconds?: number;
  /** Only in mode `EcsRamRole`. */
  ecsRoleName?: string;
  region?: string;
}

/**
 * The default location Terraform reads: `$HOME/.aliyun/config.json`
 * (`%USERPROFILE%\.aliyun\config.json` on Windows).
 */
export function defaultCredentialsFile(env: NodeJS.ProcessEnv, homeDirectory: string): string {
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || homeDirectory;
  return join(home, '.aliyun', 'config.json');
}

/** `~` and `~/...` expanded against the home directory, as Terraform's `homedir.Expand`. */
export function expandHome(path: string, env: NodeJS.ProcessEnv, homeDirectory: string): string {
  if (path !== '~' && !path.startsWith('~/') && !path.startsWith('~\\')) return path;
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || homeDirectory;
  return join(home, path.slice(1));
}

/**
 * Reads profile `name` the way Terraform's oss backend does: the file's `current` field is
 * ignored; a profile without `mode` gives nothing; `mode` decides which fields count
 * (AK/secret in every mode but `EcsRamRole`, the token only in `StsToken`, the role ARN,
 * session name and `expired_seconds` only in `RamRoleArn`, the ECS role only in `EcsRamRole`);
 * `region_id` always. A missing file reads as empty, like Terraform. A file that is not JSON
 * is `INVALID_CONFIG` (Terraform fails on it too).
 */
export function readProfile(file: string, name: string): ProfileCredentials {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, found: false };
    throw new BackendError('INVALID_CONFIG', `cannot read the shared credentials file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      hint: 'Check shared_credentials_file (or ALICLOUD_SHARED_CREDENTIALS_FILE) and the file permissions.',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text near the problem, which may be a secret: name only the file.
    throw new BackendError('INVALID_CONFIG', `the shared credentials file ${file} is not valid JSON`, {
      hint: 'It must be the aliyun CLI format: {"current": "...", "profiles": [{"name": "...", "mode": "AK", ...}]}.',
    });
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  const profile = Array.isArray(profiles)
    ? (profiles.find((entry) => (entry as { name?: unknown } | null)?.name === name) as Record<string, unknown> | undefined)
    : undefined;
  if (profile === undefined) return { file, found: false };
  const mode = typeof profile.mode === 'string' && profile.mode !== '' ? profile.mode : undefined;
  const result: ProfileCredentials = { file, found: true, mode };
  if (mode === undefined) return result;
  const stringField = (key: string): string | undefined => {
    const value = profile[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if (mode !== 'EcsRamRole') {
    result.accessKeyId = stringField('access_key_id');
    result.accessKeySecret = stringField('access_key_secret');
  }
  if (mode === 'StsToken') result.securityToken = stringField('sts_token');
  if (mode === 'RamRoleArn') {
    result.roleArn = stringField('ram_role_arn');
    result.sessionName = stringField('ram_session_name');
    const seconds = profile.expired_seconds;
    if (typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds > 0) result.expiredSeconds = seconds;
  }
  if (mode === 'EcsRamRole') result.ecsRoleName = stringField('ram_role_name');
  result.region = stringField('region_id');
  return result;
}
