import { describe, expect, it } from 'vitest';
import { formatGoDefaultTime, formatGoRfc3339Nano, parseGoTime } from '../src/lock/go-time.js';

// Expectations follow Go's `time.RFC3339Nano` ("2006-01-02T15:04:05.999999999Z07:00": the
// fraction drops trailing zeros and disappears when zero) and `Time.String()`
// ("2006-01-02 15:04:05.999999999 -0700 MST"). The nanosecond examples were printed by terraform
// v1.11.4 (a lock file's `Created` and the `Created:` line of its lock error).

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond));
}

describe('formatGoRfc3339Nano', () => {
  it('leaves the fraction out for whole seconds', () => {
    expect(formatGoRfc3339Nano(utc(2021, 9, 27, 0, 10, 27))).toBe('2021-09-27T00:10:27Z');
    expect(formatGoRfc3339Nano(utc(2021, 9, 27, 0, 10, 27, 424), 0)).toBe('2021-09-27T00:10:27Z');
  });

  it('drops trailing zeros of the fraction (toISOString keeps three digits)', () => {
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0, 500))).toBe('2025-06-01T12:00:00.5Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0, 120))).toBe('2025-06-01T12:00:00.12Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0, 123))).toBe('2025-06-01T12:00:00.123Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0, 1))).toBe('2025-06-01T12:00:00.001Z');
    expect(utc(2025, 6, 1, 12, 0, 0, 500).toISOString()).toBe('2025-06-01T12:00:00.500Z');
  });

  it('writes up to nine digits when given nanoseconds', () => {
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0), 123_456_789)).toBe('2025-06-01T12:00:00.123456789Z');
    expect(formatGoRfc3339Nano(utc(2026, 11, 21, 23, 50, 51), 507_159_824)).toBe('2026-11-21T23:50:51.507159824Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0), 1)).toBe('2025-06-01T12:00:00.000000001Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0), 100)).toBe('2025-06-01T12:00:00.0000001Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0), 120_000_000)).toBe('2025-06-01T12:00:00.12Z');
    expect(formatGoRfc3339Nano(utc(2025, 6, 1, 12, 0, 0), 999_999_990)).toBe('2025-06-01T12:00:00.99999999Z');
  });

  it('always writes UTC with Z and zero-pads every field', () => {
    expect(formatGoRfc3339Nano(new Date('2021-01-02T03:04:05+02:00'))).toBe('2021-01-02T01:04:05Z');
    expect(formatGoRfc3339Nano(new Date('2009-01-03T04:05:06.007Z'))).toBe('2009-01-03T04:05:06.007Z');
  });

  it("writes Go's zero time with a four-digit year", () => {
    const zero = new Date(0);
    zero.setUTCFullYear(1, 0, 1);
    expect(formatGoRfc3339Nano(zero)).toBe('0001-01-01T00:00:00Z');
  });
});

describe('parseGoTime', () => {
  it('parses Z times with nanoseconds, keeping all nine digits', () => {
    expect(parseGoTime('2026-11-21T23:50:51.507159824Z')).toEqual({
      epochMilliseconds: Date.UTC(2026, 10, 21, 23, 50, 51, 507),
      nanoseconds: 507_159_824,
      offsetMinutes: 0,
    });
    expect(parseGoTime('2021-09-27T00:10:27Z')).toEqual({
      epochMilliseconds: Date.UTC(2021, 8, 27, 0, 10, 27),
      nanoseconds: 0,
      offsetMinutes: 0,
    });
    expect(parseGoTime('2021-09-27T00:10:27.5Z')?.nanoseconds).toBe(500_000_000);
    expect(parseGoTime('2021-09-27T00:10:27.000000001Z')?.nanoseconds).toBe(1);
  });

  it('accepts lowercase t and z, as RFC 3339 allows', () => {
    expect(parseGoTime('2021-09-27t00:10:27.424z')).toEqual(parseGoTime('2021-09-27T00:10:27.424Z'));
    expect(parseGoTime('2021-09-27t00:10:27z')?.epochMilliseconds).toBe(Date.UTC(2021, 8, 27, 0, 10, 27));
  });

  it('applies numeric offsets to get the instant and remembers the offset', () => {
    const instant = Date.UTC(2021, 8, 27, 0, 10, 27, 424);
    expect(parseGoTime('2021-09-27T02:10:27.424+02:00')).toEqual({
      epochMilliseconds: instant,
      nanoseconds: 424_000_000,
      offsetMinutes: 120,
    });
    expect(parseGoTime('2021-09-26T19:40:27.424-04:30')).toEqual({
      epochMilliseconds: instant,
      nanoseconds: 424_000_000,
      offsetMinutes: -270,
    });
    expect(parseGoTime('2021-09-27T00:10:27.424+00:00')).toEqual({
      epochMilliseconds: instant,
      nanoseconds: 424_000_000,
      offsetMinutes: 0,
    });
    expect(parseGoTime('2021-09-28T00:09:27.424+23:59')?.epochMilliseconds).toBe(instant);
  });

  it("parses Go's zero time as year 1, not 1901", () => {
    expect(parseGoTime('0001-01-01T00:00:00Z')).toEqual({
      epochMilliseconds: -62_135_596_800_000,
      nanoseconds: 0,
      offsetMinutes: 0,
    });
    expect(parseGoTime('0099-12-31T23:59:59Z')?.epochMilliseconds).toBe(-59_011_459_201_000);
  });

  it('accepts leap days only in leap years', () => {
    expect(parseGoTime('2024-02-29T00:00:00Z')?.epochMilliseconds).toBe(Date.UTC(2024, 1, 29));
    expect(parseGoTime('2000-02-29T00:00:00Z')?.epochMilliseconds).toBe(Date.UTC(2000, 1, 29));
    expect(parseGoTime('2021-02-29T00:00:00Z')).toBeUndefined();
    expect(parseGoTime('1900-02-29T00:00:00Z')).toBeUndefined();
  });

  it.each([
    '',
    'now',
    '2021-09-27',
    '2021-09-27T00:10:27',
    '2021-09-27 00:10:27Z',
    '2021-09-27T00:10:27.Z',
    '2021-09-27T00:10:27,5Z',
    '2021-9-27T00:10:27Z',
    '21-09-27T00:10:27Z',
    '2021-09-27T00:10:27+0200',
    '2021-09-27T00:10:27+02',
    '2021-09-27T00:10:27UTC',
    ' 2021-09-27T00:10:27Z',
    '2021-09-27T00:10:27Z ',
    '2021-00-10T00:00:00Z',
    '2021-13-10T00:00:00Z',
    '2021-01-00T00:00:00Z',
    '2021-01-32T00:00:00Z',
    '2021-02-30T00:00:00Z',
    '2021-04-31T00:00:00Z',
    '2021-09-27T24:00:00Z',
    '2021-09-27T00:60:00Z',
    '2021-09-27T00:00:60Z',
    '2021-09-27T00:00:00+24:00',
    '2021-09-27T00:00:00+02:60',
  ])('rejects %j', (text) => {
    expect(parseGoTime(text)).toBeUndefined();
  });
});

describe('formatGoDefaultTime', () => {
  it("renders UTC like Go's Time.String()", () => {
    expect(formatGoDefaultTime('2021-09-27T00:10:27.424Z')).toBe('2021-09-27 00:10:27.424 +0000 UTC');
    expect(formatGoDefaultTime('2021-09-27T00:10:27Z')).toBe('2021-09-27 00:10:27 +0000 UTC');
    expect(formatGoDefaultTime('2026-11-21T23:53:47.181990758Z')).toBe('2026-11-21 23:53:47.181990758 +0000 UTC');
    expect(formatGoDefaultTime('2021-09-27T00:10:27.420000000Z')).toBe('2021-09-27 00:10:27.42 +0000 UTC');
  });

  it('keeps the wall clock of a numeric offset and names the zone by the offset', () => {
    expect(formatGoDefaultTime('2021-09-27T02:10:27.424+02:00')).toBe('2021-09-27 02:10:27.424 +0200 +0200');
    expect(formatGoDefaultTime('2021-09-26T19:40:27-04:30')).toBe('2021-09-26 19:40:27 -0430 -0430');
  });

  it("renders Go's zero time", () => {
    expect(formatGoDefaultTime('0001-01-01T00:00:00Z')).toBe('0001-01-01 00:00:00 +0000 UTC');
  });

  it('shows text that is not a time unchanged', () => {
    expect(formatGoDefaultTime('yesterday')).toBe('yesterday');
    expect(formatGoDefaultTime('')).toBe('');
  });
});
