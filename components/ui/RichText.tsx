import { EmptyValue } from './EmptyValue';

/** True when sanitized HTML holds no visible text (only tags, spaces or a stray bullet). */
export function isBlankHtml(html: string | null | undefined): boolean {
  if (!html) return true;
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/[\s•\u2022-]/g, '');
  return text.length === 0;
}

/**
 * Renders HTML that was ALREADY sanitized on the server. Never pass user input that has not
 * been through the server's sanitizer.
 */
export function RichText({ html, className }: { html: string | null | undefined; className?: string }) {
  if (isBlankHtml(html)) return <EmptyValue />;
  return (
    <div
      className={['rich-text', className].filter(Boolean).join(' ')}
      dangerouslySetInnerHTML={{ __html: html ?? '' }}
    />
  );
}
