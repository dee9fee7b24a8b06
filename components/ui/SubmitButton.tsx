'use client';

import { useFormStatus } from 'react-dom';
import { Button, type ButtonVariant } from './Button';

/** A submit button that disables itself and shows `pendingLabel` while its form's action runs. */
export function SubmitButton({
  children,
  pendingLabel,
  variant = 'primary',
  size = 'normal',
  className,
}: {
  children: string;
  pendingLabel?: string;
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  className?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} size={size} className={className} disabled={pending}>
      {pending && pendingLabel ? pendingLabel : children}
    </Button>
  );
}
