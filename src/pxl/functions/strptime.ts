/**
 * C's strptime as Pixie's px.strptime uses it (through absl::ParseTime): the text must match
 * the whole format, fields left out default to 1970-01-01 00:00:00 UTC, and the result is
 * Unix nanoseconds. A space in the format matches any run of whitespace, none included.
 */

const MONTHS =
  'january february march april may june july august september october november december';
const WEEKDAYS = 'sunday monday tuesday wednesday thursday friday saturday';

/** Directives standing for a sequence of others. */
const EXPANSIONS: ReadonlyMap<string, string> = new Map([
  ['T', '%H:%M:%S'],
  ['D', '%m/%d/%y'],
  ['F', '%Y-%m-%d'],
  ['R', '%H:%M'],
]);

/** Every directive understood, after `%` (absl's %E4Y, %E*S and %Ez included). */
const DIRECTIVE = /^(E4Y|E\*S|Ez|[YymdejHIpMSfzZsaAbBhuwTDFRnt%])/;

/** The reading position in the text. */
class Cursor {
  at = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  /** An unsigned integer of min..max digits within [low, high]. */
  number(min: number, max: number, low: number, high: number): number | undefined {
    let end = this.at;
    while (end - this.at < max && /\d/.test(this.text[end] ?? '')) end++;
    if (end - this.at < min) return undefined;
    const value = Number(this.text.slice(this.at, end));
    if (value < low || value > high) return undefined;
    this.at = end;
    return value;
  }

  /** Which of the space-separated names (in full or their first three letters) comes next. */
  name(names: string): number | undefined {
    const rest = this.text.slice(this.at).toLowerCase();
    for (const [i, full] of names.split(' ').entries()) {
      const hit = [full, full.slice(0, 3)].find((n) => rest.startsWith(n));
      if (hit !== undefined) {
        this.at += hit.length;
        return i;
      }
    }
    return undefined;
  }

  /** `re` (anchored with ^) matched at the position and consumed. */
  match(re: RegExp): RegExpExecArray | undefined {
    const m = re.exec(this.text.slice(this.at)) ?? undefined;
    if (m !== undefined) this.at += m[0].length;
    return m;
  }
}

interface Fields {
  year: number;
  month: number;
  day: number;
  yearDay?: number;
  hour: number;
  hour12?: number;
  pm: boolean;
  minute: number;
  second: number;
  nanos: number;
  offsetMinutes: number;
  epochSeconds?: number;
}

/** The first directive of `format` px does not know, as `%x`; undefined when all are known. */
export function unknownDirective(format: string): string | undefined {
  for (let i = format.indexOf('%'); i >= 0; i = format.indexOf('%', i + 1)) {
    const directive = DIRECTIVE.exec(format.slice(i + 1))?.[0];
    if (directive === undefined) return format.slice(i, i + 2);
    i += directive.length;
  }
  return undefined;
}

/** Unix nanoseconds of `text` read with `format`; undefined when it does not match. */
export function strptime(text: string, format: string): bigint | undefined {
  const fields: Fields = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    pm: false,
    minute: 0,
    second: 0,
    nanos: 0,
    offsetMinutes: 0,
  };
  const cursor = new Cursor(text);
  cursor.skipSpace();
  if (!readFormat(cursor, fields, format)) return undefined;
  cursor.skipSpace();
  return cursor.at === text.length ? toNanos(fields) : undefined;
}

function readFormat(cursor: Cursor, fields: Fields, format: string): boolean {
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (/\s/.test(ch)) {
      cursor.skipSpace();
      continue;
    }
    if (ch !== '%') {
      if (cursor.text[cursor.at] !== ch) return false;
      cursor.at++;
      continue;
    }
    const directive = DIRECTIVE.exec(format.slice(i + 1))?.[0];
    if (directive === undefined) return false;
    i += directive.length;
    const expansion = EXPANSIONS.get(directive);
    const ok =
      expansion === undefined
        ? readDirective(cursor, fields, directive)
        : readFormat(cursor, fields, expansion);
    if (!ok) return false;
  }
  return true;
}

/** Reads one directive's field; false when the text does not hold one there. */
function readDirective(c: Cursor, f: Fields, directive: string): boolean {
  const store = (value: number | undefined, write: (v: number) => void): boolean => {
    if (value !== undefined) write(value);
    return value !== undefined;
  };
  switch (directive) {
    case 'Y':
      return store(c.number(1, 4, 0, 9999), (v) => (f.year = v));
    case 'E4Y':
      return store(c.number(4, 4, 0, 9999), (v) => (f.year = v));
    case 'y':
      // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068.
      return store(c.number(2, 2, 0, 99), (v) => (f.year = v < 69 ? 2000 + v : 1900 + v));
    case 'm':
      return store(c.number(1, 2, 1, 12), (v) => (f.month = v));
    case 'b':
    case 'B':
    case 'h':
      return store(c.name(MONTHS), (v) => (f.month = v + 1));
    case 'e':
      c.skipSpace();
      return store(c.number(1, 2, 1, 31), (v) => (f.day = v));
    case 'd':
      return store(c.number(1, 2, 1, 31), (v) => (f.day = v));
    case 'j':
      return store(c.number(1, 3, 1, 366), (v) => (f.yearDay = v));
    case 'H':
      return store(c.number(1, 2, 0, 23), (v) => (f.hour = v));
    case 'I':
      return store(c.number(1, 2, 1, 12), (v) => (f.hour12 = v));
    case 'p':
      return store(c.name('am pm'), (v) => (f.pm = v === 1));
    case 'M':
      return store(c.number(1, 2, 0, 59), (v) => (f.minute = v));
    case 'S':
      return store(c.number(1, 2, 0, 60), (v) => (f.second = v));
    case 'E*S': // seconds with an optional fraction
      return (
        store(c.number(1, 2, 0, 60), (v) => (f.second = v)) &&
        (c.match(/^\./) === undefined || readFraction(c, f))
      );
    case 'f':
      return readFraction(c, f);
    case 'z':
    case 'Ez':
      return readOffset(c, f);
    case 'Z':
      return store(
        c.match(/^(utc|gmt|z)(?![a-z])/i) === undefined ? undefined : 0,
        (v) => (f.offsetMinutes = v),
      );
    case 's':
      return store(numberOf(c.match(/^-?\d{1,12}/)?.[0]), (v) => (f.epochSeconds = v));
    case 'a':
    case 'A':
      return c.name(WEEKDAYS) !== undefined;
    case 'u':
      return c.number(1, 1, 1, 7) !== undefined;
    case 'w':
      return c.number(1, 1, 0, 6) !== undefined;
    case 'n':
    case 't':
      c.skipSpace();
      return true;
    default: // '%'
      return c.match(/^%/) !== undefined;
  }
}

function numberOf(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

/** Digits after the decimal point, kept to nanoseconds. */
function readFraction(c: Cursor, f: Fields): boolean {
  const digits = c.match(/^\d+/)?.[0];
  if (digits === undefined) return false;
  f.nanos = Number(digits.slice(0, 9).padEnd(9, '0'));
  return true;
}

/** `Z`, `+hh`, `+hhmm` or `+hh:mm` (either sign). */
function readOffset(c: Cursor, f: Fields): boolean {
  if (c.match(/^z/i) !== undefined) {
    f.offsetMinutes = 0;
    return true;
  }
  const m = c.match(/^([+-])(\d{2})(?::?(\d{2}))?/);
  if (m === undefined) return false;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  f.offsetMinutes = m[1] === '-' ? -minutes : minutes;
  return true;
}

const INT64_MAX = 2n ** 63n - 1n;

/** The fields as Unix ns; undefined for a day the month does not have or a time past int64. */
function toNanos(f: Fields): bigint | undefined {
  if (f.epochSeconds !== undefined)
    return BigInt(f.epochSeconds) * 1_000_000_000n + BigInt(f.nanos);
  const hour = f.hour12 === undefined ? f.hour : (f.hour12 % 12) + (f.pm ? 12 : 0);
  const date = new Date(0);
  if (f.yearDay !== undefined) date.setUTCFullYear(f.year, 0, f.yearDay);
  else date.setUTCFullYear(f.year, f.month - 1, f.day);
  if (
    date.getUTCFullYear() !== f.year ||
    (f.yearDay === undefined && date.getUTCDate() !== f.day)
  ) {
    return undefined;
  }
  date.setUTCHours(hour, f.minute, f.second, 0);
  const ns =
    BigInt(date.getTime()) * 1_000_000n +
    BigInt(f.nanos) -
    BigInt(f.offsetMinutes) * 60_000_000_000n;
  return ns > INT64_MAX || ns < -INT64_MAX ? undefined : ns;
}
