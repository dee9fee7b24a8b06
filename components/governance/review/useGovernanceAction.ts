'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ApiResult } from '@/components/plan/editor/api';

/** Why a governance request did not go through. */
export type ActionFailure = {
  status: number;
  code: string;
  message: string;
  /** Per-field messages (the server's 400 or the form's own check), by field path. */
  fields: { [field: string]: string };
};

/**
 * One governance write (sign, withdraw, recommend, decide, start, amend, publish): sends it, keeps
 * the refusal to show next to the form, and on success refreshes the server-rendered page in a
 * transition, so a dialog closes only once the new state has landed.
 */
export function useGovernanceAction() {
  const router = useRouter();
  const [sending, setSending] = useState(false);
  const [refreshing, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  async function run<T>(request: () => Promise<ApiResult<T>>, onSuccess?: (data: T) => void): Promise<boolean> {
    setSending(true);
    setFailure(null);
    const result = await request();
    setSending(false);
    if (result.ok) {
      startTransition(() => {
        router.refresh();
        onSuccess?.(result.data);
      });
      return true;
    }
    const { status, error } = result;
    setFailure({ status, code: error.code, message: error.message, fields: error.fields });
    // Someone else moved things on (a signature, a decision): show the page as it now stands.
    if (status === 404 || status === 409) startTransition(() => router.refresh());
    return false;
  }

  return {
    run,
    failure,
    /** Shows the form's own check without sending anything. */
    reject: (fields: { [field: string]: string }, message = 'Please correct what is marked.') =>
      setFailure({ status: 400, code: 'validation_failed', message, fields }),
    clearFailure: () => setFailure(null),
    busy: sending || refreshing,
  };
}

/** The message of field `name` (or of a field inside it), if any. */
export function fieldError(failure: ActionFailure | null, name: string): string | null {
  if (!failure) return null;
  for (const [path, message] of Object.entries(failure.fields)) if (path === name || path.startsWith(`${name}.`)) return message;
  return null;
}
