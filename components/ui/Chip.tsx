import type { ReactNode } from 'react';
import type { BadgeTone } from './Badge';

/** A small metadata tag (due date, school, status) shown under an action. */
export function Chip({
  tone = 'neutral',
  children,
  className,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  className?: string;
}) {
  return <span className={['chip', `chip--${tone}`, className].filter(Boolean).join(' ')}>{children}</span>;
}
