import { describe, expect, it } from 'vitest';
import { BackendError } from '../src/errors/backend-error.js';
import { MAX_JSON_DEPTH, memberValue, parseJsonTree, stringValue, type JsonNode } from '../src/state/json-tree.js';
import { nodeFromValue, writeJsonNode } from '../src/state/json-writer.js';

function failure(text: string): BackendError {
  try {
    parseJsonTree(text);
  } catch (error) {
    if (BackendError.isInstance(error)) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseJsonTree keeps source text', () => {
  it('keeps number text exactly', () => {
    const text = '[12345678901234567890,1e400,0.10,-0,1E+2,-1.5e-7]';
    const node = parseJsonTree(text);
    expect(node.kind === 'array' && node.items.map((item) => (item as { raw: string }).raw)).toEqual([
      '12345678901234567890',
      '1e400',
      '0.10',
      '-0',
      '1E+2',
      '-1.5e-7',
    ]);
    expect(writeJsonNode(node)).toBe(text);
  });

  it('keeps member order, integer-like keys and duplicates', () => {
    const text = '{"b":1,"10":2,"2":3,"a":4,"a":5}';
    const node = parseJsonTree(text);
    expect(node.kind === 'object' && node.members.map((member) => member.key)).toEqual(['b', '10', '2', 'a', 'a']);
    expect(writeJsonNode(node)).toBe(text);
    expect(memberValue(node as Extract<JsonNode, { kind: 'object' }>, 'a')).toEqual({ kind: 'number', raw: '5' });
  });

  it('keeps string escapes and decodes them on request', () => {
    const node = parseJsonTree('"caf\\u00e9 \\/ \\"q\\" \\ud83d\\ude00"');
    expect(node).toEqual({ kind: 'string', raw: '"caf\\u00e9 \\/ \\"q\\" \\ud83d\\ude00"' });
    expect(stringValue(node as Extract<JsonNode, { kind: 'string' }>)).toBe('café / "q" 😀');
    expect(stringValue({ kind: 'string', raw: '"plain"' })).toBe('plain');
  });

  it('decodes escaped keys', () => {
    const node = parseJsonTree('{"a\\u0062c":1}');
    expect(node.kind === 'object' && node.members[0]).toEqual({
      key: 'abc',
      rawKey: '"a\\u0062c"',
      value: { kind: 'number', raw: '1' },
    });
  });

  it('accepts all JSON whitespace and every literal', () => {
    const node = parseJsonTree(' \t\r\n{ "t" : true , "f":false,"n":null ,"e":{ },"l":[ ] }\n');
    expect(writeJsonNode(node)).toBe('{"t":true,"f":false,"n":null,"e":{},"l":[]}');
  });

  it('accepts and writes nesting up to the depth limit', () => {
    const depth = MAX_JSON_DEPTH;
    expect(writeJsonNode(parseJsonTree('['.repeat(depth) + ']'.repeat(depth)))).toHaveLength(2 * depth);
  });
});

describe('parseJsonTree rejects invalid JSON with a position', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty input', '', /is empty \(line 1, column 1\)/],
    ['whitespace only', '  \n ', /is empty \(line 2, column 2\)/],
    ['trailing comma in object', '{"a":1,}', /where an object key \(a string\) should be \(line 1, column 8\)/],
    ['trailing comma in array', '[1,]', /unexpected "]" where a value should start \(line 1, column 4\)/],
    ['single quotes', "{'a':1}", /unexpected "'" where an object key/],
    ['missing colon', '{"a" 1}', /where a colon after an object key should be/],
    ['missing comma', '[1 2]', /where a comma or \] should be/],
    ['missing close brace', '{"a":1', /the end of the input where a comma or \} should be/],
    ['unterminated string', '{"a":"abc', /string that is never closed \(line 1, column 6\)/],
    ['raw newline in string', '"a\nb"', /raw control character/],
    ['bad escape', '"\\x41"', /invalid escape/],
    ['short unicode escape', '"\\u12"', /without four hex digits/],
    ['leading zero', '01', /after the JSON value/],
    ['lone minus', '-', /"-" that is not followed by a digit/],
    ['bare decimal point', '1.', /no digits after the decimal point/],
    ['empty exponent', '1e+', /no digits in its exponent/],
    ['NaN', 'NaN', /unexpected "N"/],
    ['misspelt literal', 'tru', /unexpected "t" where a value should start/],
    ['two documents', '{} {}', /unexpected "\{" after the JSON value/],
    ['comment', '{} // note', /unexpected "\/" after the JSON value/],
    ['byte order mark', '\ufeff{}', /byte order mark/],
  ];
  for (const [name, text, pattern] of cases) {
    it(`rejects ${name}`, () => {
      const error = failure(text);
      expect(error.code).toBe('INVALID_STATE');
      expect(error.message).toMatch(pattern);
      expect(error.hint).toBeTruthy();
    });
  }

  it('counts lines and columns across newlines', () => {
    expect(failure('{\n  "a": 1,\n  "b": ?\n}').message).toMatch(/unexpected "\?" where a value should start \(line 3, column 8\)/);
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const depth = MAX_JSON_DEPTH + 1;
    expect(failure('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)).message).toMatch(/deeper than 2000 levels/);
  });
});

describe('writeJsonNode', () => {
  it('indents like Go MarshalIndent and keeps empty containers short', () => {
    const node = parseJsonTree('{"a":[1,{"b":{}}],"c":[],"d":{"e":null}}');
    expect(writeJsonNode(node, '  ')).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": {}\n    }\n  ],\n  "c": [],\n  "d": {\n    "e": null\n  }\n}',
    );
  });

  it('escapes <, >, &, U+2028 and U+2029 inside raw strings and keys like Go compact', () => {
    const node = parseJsonTree('{"<k&>":"a<b>&c\u2028\u2029 \\u003c kept"}');
    expect(writeJsonNode(node)).toBe('{"\\u003ck\\u0026\\u003e":"a\\u003cb\\u003e\\u0026c\\u2028\\u2029 \\u003c kept"}');
  });

  it('builds Go-style JSON from plain values with sorted keys', () => {
    const node = nodeFromValue({ b: [1, 'x<y', true, null], '10': 1.5, '2': { z: undefined, y: 0 }, a: 10n });
    expect(writeJsonNode(node)).toBe('{"10":1.5,"2":{"y":0},"a":10,"b":[1,"x\\u003cy",true,null]}');
  });

  it('sorts keys by UTF-8 byte order, not UTF-16 code units', () => {
    expect(writeJsonNode(nodeFromValue({ '\uff01': 1, '😀': 2 }))).toBe('{"！":1,"😀":2}');
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => nodeFromValue({ a: Number.NaN })).toThrow(/value\.a is NaN/);
    expect(() => nodeFromValue([() => 1])).toThrow(/value\[0\] has type function/);
  });
});
