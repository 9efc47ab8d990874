/**
 * True when the bytes are an OpenTofu client-side encryption envelope: a JSON object with a
 * non-empty string `encryption_version` (OpenTofu's own marker). Such bytes MUST NOT be parsed,
 * compared or replaced as a plaintext state.
 */
export function isEncryptedState(bytes: Uint8Array | string): boolean {
  const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return isEnvelope(parsed);
}

/** The envelope test on a decoded value. */
function isEnvelope(parsed: unknown): boolean {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const marker = (parsed as Record<string, unknown>).encryption_version;
  return typeof marker === 'string' && marker !== '';
}
