import { describe, expect, it } from 'vitest';
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
