'use client';

import { type FormEvent, startTransition, useActionState } from 'react';

/**
 * useActionState for a form submitted by script: the form is not reset after the action (React
 * resets forms given to `action`), so what the person typed stays when the server refuses it.
 */
export function useFormAction<S>(action: (prev: Awaited<S>, formData: FormData) => Promise<S>, initial: Awaited<S>) {
  const [state, dispatch, pending] = useActionState(action, initial);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }
  return [state, onSubmit, pending] as const;
}
