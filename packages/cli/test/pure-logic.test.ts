import { describe, expect, it } from 'vitest';
import { parseHclAttributes } from '../src/backends/parse-hcl-attributes.js';
import { ctyNumberText } from '../src/outputs/cty-number.js';
import { goQuote } from '../src/outputs/go-quote.js';
import { formatGoDuration, parseGoDuration } from '../src/support/go-duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['500ms', 500],
    ['2m3.5s', 123_500],
  ])('%s is %i ms', (text, milliseconds) => {
    expect(parseGoDuration(text)).toBe(milliseconds);
  });

  it.each(['', '5', '-1s', '5 minutes', '1d', 's', '1.2.3s'])('refuses %j', (text) => {
    expect(() => parseGoDuration(text)).toThrow(/invalid duration/);
  });

  it('formats like Go at second precision', () => {
    expect([0, 45_999, 303_000, 7_200_000].map(formatGoDuration)).toEqual(['0s', '45s', '5m3s', '2h0m0s']);
  });
});

describe('ctyNumberText', () => {
  it.each([
    ['1', '1'],
    ['1.50', '1.5'],
    ['1e3', '1000'],
    ['-0.25', '-0.25'],
    ['2.5E-3', '0.0025'],
    ['12345678901234567890', '12345678901234567890'],
    ['0.000', '0'],
    ['100', '100'],
    ['0.1e1', '1'],
  ])('%s prints as %s', (raw, text) => {
    expect(ctyNumberText(raw)).toBe(text);
  });
});

describe('goQuote', () => {
  it('escapes as strconv.Quote does', () => {
    expect(goQuote('a"b\\c\n\t\u0001\u007f é 中 \u00a0 😀')).toBe('"a\\"b\\\\c\\n\\t\\x01\\x7f é 中 \\u00a0 😀"');
  });
});

describe('parseHclAttributes', () => {
  it('reads strings, numbers, bools, lists and objects with comments', () => {
    const text = [
      '# a comment',
      'bucket = "my-state" // trailing',
      'max_retries = 5',
      'encrypt = true',
      '/* block */ shared_config_files = ["a", "b",]',
      'endpoints = {',
      '  s3 = "http://127.0.0.1:9000"',
      '  "dynamodb": "http://127.0.0.1:8000",',
      '}',
      'escaped = "tab\\there \\u00e9"',
    ].join('\n');
    expect(parseHclAttributes(text, 'x.tfbackend')).toEqual({
      bucket: 'my-state',
      max_retries: 5,
      encrypt: true,
      shared_config_files: ['a', 'b'],
      endpoints: { s3: 'http://127.0.0.1:9000', dynamodb: 'http://127.0.0.1:8000' },
      escaped: 'tab\there é',
    });
  });

  it.each([
    ['key = unquoted', /x:1: expected a value after "="/],
    ['a = "1"\na = "2"', /x:2: the argument "a" is set twice/],
    ['block {\n}', /x:1: blocks are not supported/],
    ['key = "${var.x}"', /templates/],
    ['key = "open', /unterminated string/],
    ['key = "a" extra = "b"', /expected a new line/],
  ])('refuses %j', (text, message) => {
    expect(() => parseHclAttributes(text, 'x')).toThrow(message);
  });
});
