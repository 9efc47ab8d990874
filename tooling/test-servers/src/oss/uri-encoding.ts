/**
 * Percent-encodes every byte except the RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~), as OSS V4
 * canonicalisation and `encoding-type=url` listings require. `encodeURIComponent` leaves `!'()*` alone, so those
 * are encoded here too.
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Like {@link encodeRfc3986} but keeps `/` (the V4 canonical URI keeps path separators). */
export function encodeRfc3986Path(value: string): string {
  return encodeRfc3986(value).replace(/%2F/g, '/');
}

/** Decodes a percent-encoded URL component; `+` stays a plus sign (OSS paths and queries are not form-encoded). */
export function decodePercent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
