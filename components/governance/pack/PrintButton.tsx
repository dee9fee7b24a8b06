'use client';

import { Button } from '@/components/ui/Button';

/** Opens the browser's print dialog (screen only: buttons are hidden in print). */
export function PrintButton({ label = 'Print the board pack' }: { label?: string }) {
  return (
    <Button variant="primary" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
