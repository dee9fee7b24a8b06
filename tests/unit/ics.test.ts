import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, nextDay, utcStamp } from '@/lib/calendar/ics';

const NOW = new Date('2017-11-14T09:30:05.123Z');

/** Undoes folding (RFC 5545 3.1): a CRLF followed by one space joins the lines. */
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and every kind of line break in TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    // Control characters are not allowed in TEXT: they are dropped, a tab becomes a space.
    expect(escapeText('bell\u0007\ttab')).toBe('bell tab');
  });

  it('folds long lines at 75 octets without splitting a multi-byte character', () => {
    const encoder = new TextEncoder();
    const long = `SUMMARY:${'Peer review of safeguarding – Bank Road and William Lilley ✓ '.repeat(4)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    // Every line decodes on its own: no character was cut in two.
    for (const line of lines) expect(new TextDecoder('utf-8', { fatal: true }).decode(encoder.encode(line))).toBe(line);
    expect(unfold(folded)).toBe(long);
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });

  it('writes dates, stamps and the exclusive end of an all-day event', () => {
    expect(utcStamp(NOW)).toBe('20171114T093005Z');
    expect(nextDay('2017-12-31')).toBe('2018-01-01');
    expect(nextDay('2020-02-28')).toBe('2020-02-29');
  });

  it('builds a calendar with CRLF line endings, UID, DTSTAMP, all-day and London-timed events', () => {
    const text = buildCalendar({
      name: 'jointplan: Nia Jones',
      now: NOW,
      events: [
        {
          uid: 'action-1@jointplan',
          summary: 'SENCos to meet; agree moderation, with WL',
          description: 'Collaboration Action Plan 2017\nStrand: SEN',
          url: 'https://plans.example/plans/p1#action-1',
          when: { kind: 'date', date: '2017-12-05' },
        },
        { uid: 'action-2@jointplan', summary: 'Governors meet', when: { kind: 'time', date: '2017-12-05', time: '18:00' } },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    // No bare LF anywhere: every line ends CRLF.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(text).split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('END:VCALENDAR');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => l === 'DTSTAMP:20171114T093005Z')).toHaveLength(2);
    expect(lines).toContain('UID:action-1@jointplan');
    expect(lines).toContain('DTSTART;VALUE=DATE:20171205');
    expect(lines).toContain('DTEND;VALUE=DATE:20171206');
    expect(lines).toContain('SUMMARY:SENCos to meet\\; agree moderation\\, with WL');
    expect(lines).toContain('DESCRIPTION:Collaboration Action Plan 2017\\nStrand: SEN');
    expect(lines).toContain('URL:https://plans.example/plans/p1#action-1');
    expect(lines).toContain('DTSTART;TZID=Europe/London:20171205T180000');
    expect(lines).toContain('DURATION:PT1H');
    // A TZID that is used is defined.
    expect(lines).toContain('BEGIN:VTIMEZONE');
    expect(lines).toContain('TZID:Europe/London');
  });

  it('leaves out the time zone when nothing is timed, and refuses to write a URL that is not http(s)', () => {
    const text = buildCalendar({
      name: 'x',
      now: NOW,
      events: [{ uid: 'u@jointplan', summary: 's', url: 'javascript:alert(1)', when: { kind: 'date', date: '2018-02-14' } }],
    });
    expect(text).not.toContain('VTIMEZONE');
    expect(text).not.toContain('URL:');
  });

  it('an empty feed is still a valid calendar', () => {
    const lines = buildCalendar({ name: 'Empty', now: NOW, events: [] }).split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('END:VCALENDAR');
    expect(lines).not.toContain('BEGIN:VEVENT');
  });
});

describe('nominal term dates', () => {
  it('puts a term on its nominal last day, a weekend moved back to the Friday', async () => {
    const { nominalTermEnd } = await import('@/lib/calendar/terms');
    expect(nominalTermEnd(2017, 'autumn', 1)).toBe('2017-10-24');
    // 19 December 2021 is a Sunday.
    expect(nominalTermEnd(2021, 'autumn')).toBe('2021-12-17');
    expect(nominalTermEnd(2017, 'autumn', 2)).toBe('2017-12-19');
    expect(nominalTermEnd(2017, 'spring', 1)).toBe('2018-02-14');
    // 31 March 2018 is a Saturday.
    expect(nominalTermEnd(2017, 'spring')).toBe('2018-03-30');
    expect(nominalTermEnd(2017, 'summer', 1)).toBe('2018-05-23');
    // 21 July 2018 is a Saturday.
    expect(nominalTermEnd(2017, 'summer', 2)).toBe('2018-07-20');
  });
});
