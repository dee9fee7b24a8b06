/** Times as a signature record prints them: exact UTC, and the clock in England at that moment. */

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/London',
  timeZoneName: 'short',
});

/** "2017-11-14T18:30:00.000Z": the instant exactly, as stored. */
export function utcIso(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString();
}

/** "14 November 2017 at 18:30:00 GMT" (BST in summer): Europe/London local time. */
export function londonTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : londonFormat.format(d);
}
