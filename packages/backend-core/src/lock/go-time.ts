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

/** Parses an RFC 3339 timestamp (any offset, up to nine fraction digits); undefined when malformed. */
export function parseGoTime(text: string): GoTime | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zulu, sign, offsetHours, offsetMins] = match;
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMins));
  const nanoseconds = Number(fraction.padEnd(9, '0'));
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number.isNaN(utc) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59) {
    return undefined;
  }
  return {
    epochMilliseconds: utc - offsetMinutes * 60_000 + Math.floor(nanoseconds / 1_000_000),
    nanoseconds,
    offsetMinutes,
  };
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
