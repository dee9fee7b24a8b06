const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** "4 December 2025", the same on server and client. */
export function formatDay(iso: string): string {
  return dateFormat.format(new Date(iso));
}
