'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/FormAlert';
import { initialImportState, type ImportState } from './import-state';

export type { ImportState } from './import-state';

/**
 * Upload a plan exported from Word as plain text. Sends `partnershipId` and `file` to `action`.
 */
export function ImportPlanForm({
  partnerships,
  action,
}: {
  partnerships: { id: string; name: string }[];
  action: (prev: ImportState, formData: FormData) => Promise<ImportState>;
}) {
  const [state, formAction, isPending] = useActionState(action, initialImportState);
  const hasError = state.error !== null;
  const only = partnerships.length === 1 ? partnerships[0] : null;
  const none = partnerships.length === 0;

  return (
    <form action={formAction} className="form import-form">
      <FormAlert id="import-error" message={state.error} />
      {none ? (
        <p className="empty-state">You are not a member of any partnership, so there is nowhere to import a plan to.</p>
      ) : only ? (
        <input type="hidden" name="partnershipId" value={only.id} />
      ) : (
        <div className="field">
          <label htmlFor="import-partnership" className="field__label">
            Partnership
          </label>
          <select id="import-partnership" name="partnershipId" required className="field__input field__select" defaultValue="">
            <option value="" disabled>
              Choose a partnership
            </option>
            {partnerships.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="import-file" className="field__label">
          Plan file
        </label>
        <p id="import-file-hint" className="field__hint">
          The plan as a text export of the Word document
        </p>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".txt,text/plain"
          required
          className="field__input field__file"
          aria-describedby={hasError ? 'import-file-hint import-error' : 'import-file-hint'}
          aria-invalid={hasError || undefined}
        />
      </div>
      <div className="form__actions">
        <Button type="submit" disabled={isPending || none}>
          {isPending ? 'Importing…' : 'Import plan'}
        </Button>
      </div>
    </form>
  );
}
