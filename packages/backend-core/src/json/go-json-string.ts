/**
 * Encodes a string exactly as Go's `encoding/json` does with HTML escaping on (the default for
 * `json.Marshal`): `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`; U+2028 and U+2029 are
 * escaped; lone surrogates (invalid UTF-8 in Go's eyes) become `\ufffd`; `/` and other
 * non-ASCII characters stay raw. OpenTofu compares lock records byte for byte with its own
 * re-encoding, so `JSON.stringify` is not good enough.
 */
export function encodeGoJsonString(value: string): string {
  let out = '"';
  let start = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    let escaped: string | undefined;
    if (code < 0x20 || code === 0x22 || code === 0x5c || code === 0x3c || code === 0x3e || code === 0x26) {
      escaped = asciiEscape(code);
    } else if (code === 0x2028 || code === 0x2029) {
      escaped = code === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(index + 1);
      const isPair = code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      if (isPair) {
        index++;
        continue;
      }
      escaped = '\\ufffd';
    }
    if (escaped !== undefined) {
      out += value.slice(start, index) + escaped;
      start = index + 1;
    }
  }
  return out + value.slice(start) + '"';
}

function asciiEscape(code: number): string {
  switch (code) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    default:
      return '\\u00' + code.toString(16).padStart(2, '0');
  }
}
