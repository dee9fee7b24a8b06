const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "14 Nov 2017, 09:30", London time, for the inbox. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}
