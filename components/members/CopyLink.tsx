'use client';

import { useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/Button';

/** A link shown in a read-only field with a button that copies it; says what happened. */
export function CopyLink({ label, link }: { label: string; link: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Link copied.');
    } catch {
      // No clipboard access (an http address, an old browser): select it for Ctrl+C instead.
      input.current?.select();
      setStatus('Copying did not work here: the link is selected, press Ctrl+C (or ⌘+C) to copy it.');
    }
  }

  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        ref={input}
        id={id}
        type="text"
        readOnly
        value={link}
        className="field__input"
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="invitation-link"
      />
      <div className="form__actions">
        <Button variant="secondary" size="small" onClick={copy}>
          Copy link
        </Button>
        <span role="status">{status}</span>
      </div>
    </div>
  );
}
