import type { BackendConfig } from '../backends/backend-config-value.js';

/** Which store a migration reads or writes, without secrets: what the journal records and compares. */
export interface BackendIdentity {
  type: string;
  /** The merged settings, secret values replaced by {@link REDACTED}. */
  config: Record<string, unknown>;
  /** For the local backend, whose relative paths depend on it: the working directory. */
  directory?: string;
}

export const REDACTED = '(redacted)';

// Names of settings that carry credentials in the s3, oss and http backends; their values never
// reach the journal (it is a plain file in the working directory).
const secretName = /secret|password|token|access_key|credential|private|customer_key|client_key|external_id/i;

/** The identity of a backend selection: its type and its settings with secret values redacted. */
export function backendIdentity(type: string, config: BackendConfig, workingDirectory: string): BackendIdentity {
  return {
    type,
    config: redact(config) as Record<string, unknown>,
    ...(type === 'local' ? { directory: workingDirectory } : {}),
  };
}

/** True when both name the same store (same type, same non-secret settings, same directory). */
export function sameIdentity(left: BackendIdentity, right: BackendIdentity): boolean {
  return canonicalJson(left) === canonicalJson(right);
}

/** A short description for messages: `s3 (bucket=b, key=k)`. */
export function describeIdentity(identity: BackendIdentity): string {
  const settings = Object.entries(identity.config)
    .filter(([, value]) => value !== REDACTED)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  if (identity.directory !== undefined) settings.unshift(`directory=${identity.directory}`);
  return settings.length === 0 ? identity.type : `${identity.type} (${settings.join(', ')})`;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(value)) result[name] = secretName.test(name) ? REDACTED : redact(member);
  return result;
}

/** JSON with object keys sorted, so settings given in another order compare equal. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) return member;
    return Object.fromEntries(Object.entries(member).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
  });
}
