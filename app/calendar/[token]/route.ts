import { getDb } from '@/db/client';
import { calendarFeedFor } from '@/lib/calendar/feed';
import { tokenOfSegment } from '@/lib/calendar/token';
import { publicOrigin } from '@/lib/mail/origin';

export const dynamic = 'force-dynamic';

const NOT_FOUND = () =>
  new Response('This calendar address does not work. It may have been reset or turned off: get the current one from your jointplan account page.\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });

/**
 * A person's private calendar feed (`/calendar/<token>.ics`), read by calendar apps without a
 * session: the token is the only key. Unknown, replaced or turned-off tokens and disabled accounts
 * are all the same 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const token = tokenOfSegment((await params).token);
  if (!token) return NOT_FOUND();
  try {
    const body = await calendarFeedFor(getDb(), token, publicOrigin(request.headers));
    if (body === null) return NOT_FOUND();
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="jointplan.ics"',
        // Private to its holder: no shared cache keeps it, no search engine lists it.
        'cache-control': 'private, no-cache',
        'x-robots-tag': 'noindex, nofollow',
        'referrer-policy': 'no-referrer',
      },
    });
  } catch (error) {
    console.error('[calendar]', error);
    return new Response('The calendar could not be made just now. Your calendar app will try again.\n', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
}
