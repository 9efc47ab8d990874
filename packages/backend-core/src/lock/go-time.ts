const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** A parsed RFC 3339 timestamp that keeps Go's nanosecond precision, which `Date` cannot hold. */
export interface GoTime {
  /** Milliseconds since the epoch (the instant, rounded down to the millisecond). */
  epochMilliseconds: number;
  /** The full fractional second in nanoseconds, 0-999999999. */
  nanoseconds: number;
  /** Offset from UTC in minutes, as written. */
  offsetMinutes: number;
}

/**
 * Formats an instant as Go's `time.RFC3339Nano` in UTC: the fraction keeps up to nine digits,
 * trailing zeros are dropped, and a zero fraction is left out (`toISOString()` always writes
 * three digits, which Go never does).
 */
export function formatGoRfc3339Nano(date: Date, nanoseconds = date.getUTCMilliseconds() * 1_000_000): string {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const fraction = nanoseconds === 0 ? '' : '.' + String(nanoseconds).padStart(9, '0').replace(/0+$/, '');
  return `${base}${fraction}Z`;
}

/**
 * Parses an RFC 3339 timestamp (any offset, up to nine fraction digits); undefined when malformed.
 * Ranges are Go's: month 1-12, day within the month, hour 0-23, minute and second 0-59, offset
 * hours 0-23 and minutes 0-59 (a `Date` would silently roll `02-30` over into March).
 */
export function parseGoTime(text: string): GoTime | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [, , , , , , , fraction = '', zulu, sign, offsetHoursText = '0', offsetMinutesText = '0'] = match;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(Number);
  const offsetHours = Number(offsetHoursText);
  const offsetMinutesPart = Number(offsetMinutesText);
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutesPart <= 59;
  if (!inRange) return undefined;
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutesPart);
  const nanoseconds = Number(fraction.padEnd(9, '0'));
  return {
    epochMilliseconds:
      utcMilliseconds(year, month, day, hour, minute, second) - offsetMinutes * 60_000 + Math.floor(nanoseconds / 1_000_000),
    nanoseconds,
    offsetMinutes,
  };
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// `Date.UTC` maps years 0-99 to 1900-1999; Go's zero time is year 1 (`0001-01-01T00:00:00Z`).
function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/**
 * Renders a timestamp the way Go's default `time.Time` `String()` does, as Terraform prints
 * `Created:` in a lock conflict: `2021-09-27 00:10:27.424 +0000 UTC`.
 */
export function formatGoDefaultTime(text: string): string {
  const time = parseGoTime(text);
  if (!time) return text;
  const shifted = new Date(time.epochMilliseconds + time.offsetMinutes * 60_000);
  const iso = formatGoRfc3339Nano(shifted, time.nanoseconds);
  const [date, clock] = iso.slice(0, -1).split('T');
  const sign = time.offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(time.offsetMinutes);
  const offset = `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
  const zone = time.offsetMinutes === 0 ? 'UTC' : offset;
  return `${date} ${clock} ${offset} ${zone}`;
}
