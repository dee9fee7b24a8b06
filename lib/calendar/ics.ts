/**
 * A small iCalendar (RFC 5545) writer for the personal calendar feed: CRLF line endings, lines
 * folded at 75 octets without splitting a UTF-8 character, TEXT values escaped (`\`, `;`, `,`,
 * newlines), all-day events as `VALUE=DATE`, timed events in Europe/London with its VTIMEZONE.
 */

/** When an event happens: a whole day, or a wall-clock time in Europe/London. */
export type IcsWhen =
  | { kind: 'date'; date: string }
  /** `date` is YYYY-MM-DD, `time` HH:MM (24-hour), London local time. */
  | { kind: 'time'; date: string; time: string; durationMinutes?: number };

export type IcsEvent = {
  /** Globally unique and stable between fetches, so clients update rather than duplicate. */
  uid: string;
  summary: string;
  description?: string;
  /** An absolute http(s) URL to open it in jointplan. */
  url?: string;
  when: IcsWhen;
  categories?: string[];
};

export type IcsCalendar = {
  /** Shown by clients as the calendar's name. */
  name: string;
  description?: string;
  events: IcsEvent[];
  /** The DTSTAMP of every event: when this copy of the feed was made. */
  now: Date;
};

export const LONDON_TZID = 'Europe/London';

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return (
    value
      // Other control characters are not allowed in TEXT; a tab is, but a space reads the same.
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\t/g, ' ')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\n/g, '\\n')
  );
}

/**
 * Folds a content line so no line is longer than 75 octets (RFC 5545 3.1): continuation lines
 * start with one space, and a multi-byte character is never split between lines.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let size = 0;
  // The first line holds 75 octets; the others 74 after their leading space.
  let limit = MAX_OCTETS;
  for (const char of line) {
    const octets = encoder.encode(char).length;
    if (size + octets > limit) {
      out.push(current);
      current = ' ';
      size = 1;
      limit = MAX_OCTETS;
    }
    current += char;
    size += octets;
  }
  out.push(current);
  return out.join(CRLF);
}

/** A UTC time as iCalendar writes it: 20171114T093000Z. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

function compactDate(date: string): string {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  return `${m[1]}${m[2]}${m[3]}`;
}

/** The day after an ISO date (DTEND of an all-day event is exclusive). */
export function nextDay(date: string): string {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not an ISO date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  return d.toISOString().slice(0, 10);
}

function whenLines(when: IcsWhen): string[] {
  if (when.kind === 'date') {
    return [`DTSTART;VALUE=DATE:${compactDate(when.date)}`, `DTEND;VALUE=DATE:${compactDate(nextDay(when.date))}`];
  }
  const clock = CLOCK.exec(when.time);
  if (!clock) throw new Error(`not a clock time: ${when.time}`);
  const minutes = Math.max(1, Math.round(when.durationMinutes ?? 60));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const duration = `PT${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
  return [`DTSTART;TZID=${LONDON_TZID}:${compactDate(when.date)}T${clock[1]}${clock[2]}00`, `DURATION:${duration}`];
}

/** Europe/London since 1996: GMT in winter, BST from the last Sunday of March to the last Sunday of October. */
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${LONDON_TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19810329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A URI value may not hold characters that would break the line or the property. */
function safeUri(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return parsed.toString();
  } catch {
    return null;
  }
}

/** The whole feed as iCalendar text, ending with CRLF. */
export function buildCalendar(calendar: IcsCalendar): string {
  const stamp = utcStamp(calendar.now);
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//jointplan//Calendar feed//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...(calendar.description ? [`X-WR-CALDESC:${escapeText(calendar.description)}`] : []),
    `X-WR-TIMEZONE:${LONDON_TZID}`,
    // Ask clients to look again hourly (Outlook and Google choose their own pace anyway).
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  if (calendar.events.some((e) => e.when.kind === 'time')) lines.push(...LONDON_VTIMEZONE);
  for (const event of calendar.events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${stamp}`, ...whenLines(event.when), `SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    const url = event.url ? safeUri(event.url) : null;
    if (url) lines.push(`URL:${url}`);
    if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
