'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ZodType } from 'zod';
import type { ApiResult } from './api';
import { usePlanEditor } from './context';
import { currentVersion } from './current';

export type FieldErrors = { [field: string]: string };

/** Why a save did not go through, ready to show next to the form. */
export type SaveFailure<C> = {
  status: number;
  message: string;
  /** Messages per field path ("text", "due.date"), from the client's check or the server's 400. */
  fields: FieldErrors;
  /** After a 409: the entity as it now stands (their version), when it could be read. */
  current: C | null;
  /** After a 409: the version to send when the user applies their draft again. */
  currentVersion: number | null;
};

/**
 * Checks `value` with the same zod schema the server uses; answers the messages per field path,
 * or null when it is acceptable.
 */
export function checkInput(schema: ZodType, value: unknown): FieldErrors | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || 'body';
    fields[path] ??= issue.message;
  }
  return fields;
}

/** The message of the field `name` or of any field inside it ("due" matches "due.date"). */
export function fieldMessage(failure: SaveFailure<unknown> | null, name: string): string | null {
  if (!failure) return null;
  for (const [path, message] of Object.entries(failure.fields)) {
    if (path === name || path.startsWith(`${name}.`)) return message;
  }
  return null;
}

/**
 * The text for a form's alert: the failure's message, plus the messages of fields the form does
 * not show itself (so nothing the server said is lost).
 */
export function alertText(failure: SaveFailure<unknown> | null, shownFields: readonly string[]): string | null {
  if (!failure) return null;
  const others = Object.entries(failure.fields)
    .filter(([path]) => !shownFields.some((name) => path === name || path.startsWith(`${name}.`)))
    .map(([, message]) => message);
  return [failure.message, ...others].join(' ');
}

type SaveOptions<C> = {
  /** How to read a 409's `current` for display. */
  current?: ZodType<C>;
};

/**
 * One write from the plan editor: sends it, turns a refusal into a `SaveFailure`, and on success
 * announces it and refreshes the server-rendered plan. `onSuccess` runs in the same transition as
 * the refresh, so a form closes (and focus moves) only once the new plan has landed, and the
 * user's draft stays on screen until then.
 */
export function useSave<C = never>(options: SaveOptions<C> = {}) {
  const router = useRouter();
  const { announce } = usePlanEditor();
  const [sending, setSending] = useState(false);
  const [refreshing, startTransition] = useTransition();
  const [failure, setFailure] = useState<SaveFailure<C> | null>(null);
  // The version of their change the user has been shown: a form sends it instead of the one it opened with.
  const [seenVersion, setSeenVersion] = useState<number | null>(null);

  async function run<T>(
    request: () => Promise<ApiResult<T>>,
    { success, onSuccess }: { success: string; onSuccess?: (data: T) => void },
  ): Promise<boolean> {
    setSending(true);
    setFailure(null);
    const result = await request();
    setSending(false);
    if (result.ok) {
      announce(success);
      startTransition(() => {
        router.refresh();
        onSuccess?.(result.data);
      });
      return true;
    }

    const { error, status } = result;
    let current: C | null = null;
    if (status === 409 && options.current && error.current !== undefined) {
      const parsed = options.current.safeParse(error.current);
      current = parsed.success ? parsed.data : null;
    }
    const version = status === 409 ? currentVersion(error.current) : null;
    const message =
      status === 409 && version !== null
        ? 'Someone else changed this while you were editing. Their version is shown; your draft is kept. Save again to apply yours on top of theirs.'
        : error.message;
    setFailure({ status, message, fields: error.fields, current, currentVersion: version });
    if (version !== null) setSeenVersion(version);
    // A conflict or a vanished item means the page is out of date: bring it up to date, keeping drafts.
    if (status === 404 || status === 409) startTransition(() => router.refresh());
    return false;
  }

  /** Shows the client-side check's messages without sending anything. */
  function reject(fields: FieldErrors, message = 'Please correct what is marked.') {
    setFailure({ status: 400, message, fields, current: null, currentVersion: null });
  }

  return {
    run,
    reject,
    failure,
    clearFailure: () => setFailure(null),
    /** The version to send: the one the user last saw in a conflict, or `openedWith`. */
    versionFrom: (openedWith: number) => seenVersion ?? openedWith,
    busy: sending || refreshing,
  };
}
