'use client';

import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/Button';
import type { MemberView, SchoolOption } from '@/lib/queries/members';
import { InlineAlert } from './InlineAlert';
import { type RowActionState, initialRowActionState } from './member-state';
import { RoleFields } from './RoleFields';
import { useFormAction } from './use-form-action';

export type MemberActionsProps = {
  member: MemberView;
  isSelf: boolean;
  partnershipId: string;
  partnershipName: string;
  schools: SchoolOption[];
  actions: {
    changeRoles: (prev: RowActionState, formData: FormData) => Promise<RowActionState>;
    remove: (prev: RowActionState, formData: FormData) => Promise<RowActionState>;
  };
};

/** Change roles (an inline editor) and remove (after a confirmation) for one member. */
export function MemberActions({ member, isSelf, partnershipId, partnershipName, schools, actions }: MemberActionsProps) {
  const [mode, setMode] = useState<'idle' | 'editing' | 'confirming'>('idle');
  const [changed, onChange, saving] = useFormAction(actions.changeRoles, initialRowActionState);
  const [removed, onRemove, removing] = useFormAction(actions.remove, initialRowActionState);
  const editor = useRef<HTMLFormElement>(null);
  const prefix = `member-${member.id}`;
  // Button does not forward refs: focus moves by id.
  const focus = (which: 'edit' | 'remove' | 'confirm') => document.getElementById(`${prefix}-${which}`)?.focus();

  // Close the editor once the server has made the change, and give focus back to its button.
  useEffect(() => {
    if (changed.done) {
      setMode('idle');
      requestAnimationFrame(() => focus('edit'));
    }
  }, [changed]);

  useEffect(() => {
    if (mode === 'confirming') focus('confirm');
    if (mode === 'editing') editor.current?.querySelector('select')?.focus();
  }, [mode]);

  const who = isSelf ? 'yourself' : member.name;

  return (
    <div className="form">
      <InlineAlert id={`${prefix}-error`} message={mode === 'editing' ? changed.error : removed.error} />
      {mode === 'editing' ? (
        <form ref={editor} onSubmit={onChange} className="form" noValidate aria-label={`Roles of ${member.name}`}>
          <input type="hidden" name="partnershipId" value={partnershipId} />
          <input type="hidden" name="userId" value={member.id} />
          <RoleFields
            idPrefix={prefix}
            schools={schools}
            initial={member.roles.map((r) => ({ role: r.role, schoolId: r.schoolId ?? '', subject: r.subject ?? '' }))}
            fields={changed.fields}
          />
          <div className="form__actions">
            <Button type="submit" size="small" disabled={saving}>
              {saving ? 'Saving…' : 'Save roles'}
            </Button>
            <Button
              variant="quiet"
              size="small"
              onClick={() => {
                setMode('idle');
                requestAnimationFrame(() => focus('edit'));
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : mode === 'confirming' ? (
        <form onSubmit={onRemove} className="form" aria-label={`Remove ${member.name}`}>
          <input type="hidden" name="partnershipId" value={partnershipId} />
          <input type="hidden" name="userId" value={member.id} />
          <p>
            Remove {who} from {partnershipName}? {isSelf ? 'You' : 'They'} lose access to its plans at once. The history of
            what {isSelf ? 'you' : 'they'} did is kept.
          </p>
          <div className="form__actions">
            <Button id={`${prefix}-confirm`} type="submit" size="small" disabled={removing}>
              {removing ? 'Removing…' : `Yes, remove ${isSelf ? 'me' : member.name}`}
            </Button>
            <Button
              variant="quiet"
              size="small"
              onClick={() => {
                setMode('idle');
                requestAnimationFrame(() => focus('remove'));
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div className="form__actions">
          <Button id={`${prefix}-edit`} variant="secondary" size="small" onClick={() => setMode('editing')}>
            Change roles<span className="visually-hidden"> of {member.name}</span>
          </Button>
          <Button id={`${prefix}-remove`} variant="quiet" size="small" onClick={() => setMode('confirming')}>
            Remove<span className="visually-hidden"> {member.name}</span>
          </Button>
        </div>
      )}
    </div>
  );
}
