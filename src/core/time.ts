// How times read in the UI: ages for history, elapsed clocks for live incidents.

/** "today", "yesterday", "12 days ago", "3 months ago", "2 years ago"; "at an unknown time" for a time that is not one. */
export function formatAge(thenMs: number, now: Date): string {
  if (!Number.isFinite(thenMs)) return 'at an unknown time';
  const days = Math.floor((now.getTime() - thenMs) / 86_400_000);
  if (days < 1) return 'today';
  if (days < 2) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  if (days < 730) return `${Math.round(days / 30.44)} months ago`;
  return `${Math.floor(days / 365.25)} years ago`;
}

/** "00:42" (hours:minutes), "1d 03:10" past a day; never negative; "--:--" for a time that is not one. */
export function formatElapsed(startMs: number, now: Date): string {
  if (!Number.isFinite(startMs)) return '--:--';
  const minutes = Math.max(0, Math.floor((now.getTime() - startMs) / 60_000));
  const days = Math.floor(minutes / 1440);
  const clock = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** `2026-11-24T21:14:05Z`: what a person writes in an incident file by hand, without milliseconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The one reader of the incident format's date-times (and the schema's `date-time` format, see
 * incidentSchema.ts, so the two agree exactly): RFC 3339 `2026-03-02T14:05:00Z` or with an offset
 * `+01:00`, plus the ISO 8601 offsets `+01` and `+0100`; `T`, `t` or a space between date and
 * time; any fraction of a second. Days are checked against their month (no 2026-02-30), seconds
 * run to 59 (a leap second :60 is refused rather than guessed). Milliseconds since the epoch, or
 * undefined when `text` is not such a date-time. Date.parse is not used: it refuses `+01` and
 * accepts local times without a zone, which would depend on the reader's time zone.
 */
export function parseTimestamp(text: string): number | undefined {
  // The usual form, `2026-03-02T14:05:00Z`, read digit by digit with nothing allocated: the
  // regular expression below reads the rest (a check weighs thousands of incidents, each date read once).
  if (isPlainForm(text)) {
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    const hour = digitsAt(text, 11, 2);
    const minute = digitsAt(text, 14, 2);
    const second = digitsAt(text, 17, 2);
    // A non-digit (-1) anywhere: no date-time, as the regular expression would say too.
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
    return utcMs(year, month, day, hour, minute, second, 0, 0);
  }
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = match[7] ? Math.floor(Number(`0${match[7]}`) * 1000) : 0;
  const zone = match[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const [, sign, hh, mm] = /^([+-])(\d\d):?(\d\d)?$/.exec(zone) ?? [];
    const hours = Number(hh);
    const minutes = Number(mm ?? 0);
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return utcMs(year, month, day, hour, minute, second, fraction, offsetMinutes);
}

/** Milliseconds since the epoch of a date-time read field by field; undefined for an impossible one (2026-02-30, 24:00, :60). */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, fraction: number, offsetMinutes: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  // Date.UTC maps years 0-99 to 1900-1999.
  const ms = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
  return ms - offsetMinutes * 60_000;
}

/** Exactly `dddd-dd-ddTdd:dd:ddZ` in shape (`t`, `z` or a space as DATE_TIME allows); the digits are read by digitsAt. */
function isPlainForm(text: string): boolean {
  if (text.length !== 20) return false;
  const separator = text.charCodeAt(10);
  const zone = text.charCodeAt(19);
  return text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && text.charCodeAt(13) === 58 && text.charCodeAt(16) === 58
    && (separator === 84 || separator === 116 || separator === 32) && (zone === 90 || zone === 122);
}

/** The number `digits` decimal digits long at `from`, or -1 when one of them is not an ASCII digit. */
function digitsAt(text: string, from: number, digits: number): number {
  let value = 0;
  for (let i = from; i < from + digits; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(\.\d{1,9})?([Zz]|[+-]\d\d(?::?\d\d)?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Milliseconds of an incident date-time (see parseTimestamp), or undefined when absent or unreadable. */
export function timeOf(iso: string | undefined): number | undefined {
  return iso ? parseTimestamp(iso) : undefined;
}

/** formatAge of an incident date-time, or undefined when it is absent or unreadable. */
export function ageOf(iso: string | undefined, now: Date): string | undefined {
  const ms = timeOf(iso);
  return ms === undefined ? undefined : formatAge(ms, now);
}
