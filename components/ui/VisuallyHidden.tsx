import type { ReactNode } from 'react';

/** Text for screen readers only: hidden on screen and in print, read aloud by assistive technology. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
