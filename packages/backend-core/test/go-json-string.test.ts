import { describe, expect, it } from 'vitest';
import { encodeGoJsonString } from '../src/json/go-json-string.js';

// Expected outputs are Go's `json.Marshal` bytes, written out by hand from encoding/json's
// documented rules and checked against what terraform v1.11.4 writes (see lock-info.test.ts).
// String.raw keeps every backslash in the expectation exactly as it appears in Go's output.

describe('encodeGoJsonString', () => {
  it('wraps plain ASCII in quotes and changes nothing else', () => {
    expect(encodeGoJsonString('')).toBe('""');
    expect(encodeGoJsonString('OperationTypeApply')).toBe('"OperationTypeApply"');
    expect(encodeGoJsonString('root@vm')).toBe('"root@vm"');
  });

  it('escapes the HTML characters < > & as \\u003c \\u003e \\u0026 (JSON.stringify does not)', () => {
    expect(encodeGoJsonString('<')).toBe(String.raw`"\u003c"`);
    expect(encodeGoJsonString('>')).toBe(String.raw`"\u003e"`);
    expect(encodeGoJsonString('&')).toBe(String.raw`"\u0026"`);
    expect(encodeGoJsonString('a<b>&c')).toBe(String.raw`"a\u003cb\u003e\u0026c"`);
    expect(encodeGoJsonString('<script>alert(1)&</script>')).toBe(
      String.raw`"\u003cscript\u003ealert(1)\u0026\u003c/script\u003e"`,
    );
  });

  it('escapes U+2028 and U+2029 (JSON.stringify leaves them raw)', () => {
    expect(encodeGoJsonString('\u2028')).toBe(String.raw`"\u2028"`);
    expect(encodeGoJsonString('\u2029')).toBe(String.raw`"\u2029"`);
    expect(encodeGoJsonString('line\u2028para\u2029end')).toBe(String.raw`"line\u2028para\u2029end"`);
  });

  it('backslash-escapes the quote and the backslash', () => {
    expect(encodeGoJsonString('"')).toBe(String.raw`"\""`);
    expect(encodeGoJsonString('\\')).toBe(String.raw`"\\"`);
    expect(encodeGoJsonString('say "hi" \\o/')).toBe(String.raw`"say \"hi\" \\o/"`);
  });

  it('uses the short forms \\b \\f \\n \\r \\t (Go >= 1.22)', () => {
    expect(encodeGoJsonString('\b')).toBe(String.raw`"\b"`);
    expect(encodeGoJsonString('\f')).toBe(String.raw`"\f"`);
    expect(encodeGoJsonString('\n')).toBe(String.raw`"\n"`);
    expect(encodeGoJsonString('\r')).toBe(String.raw`"\r"`);
    expect(encodeGoJsonString('\t')).toBe(String.raw`"\t"`);
  });

  it('escapes every control character 0x00-0x1f, lowercase hex for the long forms', () => {
    const expected = [
      String.raw`\u0000`,
      String.raw`\u0001`,
      String.raw`\u0002`,
      String.raw`\u0003`,
      String.raw`\u0004`,
      String.raw`\u0005`,
      String.raw`\u0006`,
      String.raw`\u0007`,
      String.raw`\b`,
      String.raw`\t`,
      String.raw`\n`,
      String.raw`\u000b`,
      String.raw`\f`,
      String.raw`\r`,
      String.raw`\u000e`,
      String.raw`\u000f`,
      String.raw`\u0010`,
      String.raw`\u0011`,
      String.raw`\u0012`,
      String.raw`\u0013`,
      String.raw`\u0014`,
      String.raw`\u0015`,
      String.raw`\u0016`,
      String.raw`\u0017`,
      String.raw`\u0018`,
      String.raw`\u0019`,
      String.raw`\u001a`,
      String.raw`\u001b`,
      String.raw`\u001c`,
      String.raw`\u001d`,
      String.raw`\u001e`,
      String.raw`\u001f`,
    ];
    expect(expected).toHaveLength(0x20);
    for (let code = 0; code < 0x20; code++) {
      expect(encodeGoJsonString(String.fromCharCode(code)), `U+${code.toString(16).padStart(4, '0')}`).toBe(
        `"${expected[code]}"`,
      );
    }
    let all = '';
    for (let code = 0; code < 0x20; code++) all += String.fromCharCode(code);
    expect(encodeGoJsonString(all)).toBe(`"${expected.join('')}"`);
  });

  it('leaves the slash, DEL (0x7f) and the space raw', () => {
    expect(encodeGoJsonString('/')).toBe('"/"');
    expect(encodeGoJsonString('bucket/env:/dev/terraform.tfstate')).toBe('"bucket/env:/dev/terraform.tfstate"');
    expect(encodeGoJsonString('\u007f')).toBe('"\u007f"');
    expect(encodeGoJsonString(' ')).toBe('" "');
  });

  it('leaves non-ASCII raw: accents, CJK, emoji as a raw surrogate pair, U+FFFD itself', () => {
    expect(encodeGoJsonString('é')).toBe('"é"');
    expect(encodeGoJsonString('ワークスペース')).toBe('"ワークスペース"');
    expect(encodeGoJsonString('😀')).toBe('"😀"');
    expect(encodeGoJsonString('😀')).toBe('"\ud83d\ude00"');
    expect(encodeGoJsonString('\u0080\u00a0\u2027\u202a\ufeff')).toBe('"\u0080\u00a0\u2027\u202a\ufeff"');
    expect(encodeGoJsonString('\ufffd')).toBe('"\ufffd"');
  });

  it('replaces each lone surrogate (invalid UTF-8 for Go) with the escape \\ufffd', () => {
    expect(encodeGoJsonString('\ud800')).toBe(String.raw`"\ufffd"`);
    expect(encodeGoJsonString('\udbff')).toBe(String.raw`"\ufffd"`);
    expect(encodeGoJsonString('\udc00')).toBe(String.raw`"\ufffd"`);
    expect(encodeGoJsonString('\udfff')).toBe(String.raw`"\ufffd"`);
    expect(encodeGoJsonString('a\ud83db')).toBe(String.raw`"a\ufffdb"`);
    expect(encodeGoJsonString('end\ud83d')).toBe(String.raw`"end\ufffd"`);
    // A low surrogate before a high one is two lone surrogates, not a pair.
    expect(encodeGoJsonString('\ude00\ud83d')).toBe(String.raw`"\ufffd\ufffd"`);
    // A pair followed by a lone high surrogate.
    expect(encodeGoJsonString('😀\ud83d')).toBe('"😀' + String.raw`\ufffd"`);
  });

  it('differs from JSON.stringify exactly where Go does', () => {
    const mixed = 'é<&>\u2028\u2029"\\\n\u0001/😀';
    expect(encodeGoJsonString(mixed)).toBe('"é' + String.raw`\u003c\u0026\u003e\u2028\u2029\"\\\n\u0001` + '/😀"');
    expect(JSON.stringify(mixed)).not.toBe(encodeGoJsonString(mixed));
    // Anything Go writes is still valid JSON that decodes to the input.
    expect(JSON.parse(encodeGoJsonString(mixed))).toBe(mixed);
  });
});
