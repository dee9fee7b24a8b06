'use client';

import { Button } from '@/components/ui/Button';
import type { SchoolOption } from '@/lib/queries/members';
import { MEMBER_LIMITS } from '@/lib/validation/members';
import { CopyLink } from './CopyLink';
import { InlineAlert } from './InlineAlert';
import { type InviteState, type MemberFormState, initialInviteState } from './member-state';
import { formatDay } from './format';
import { RoleFields } from './RoleFields';
import { useFormAction } from './use-form-action';

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field__hint">
      <strong>{message}</strong>
    </p>
  ) : null;
}

/** The invite form of the members page; shows the new link to copy once the invitation is made. */
export function InviteMemberForm({
  partnershipId,
  schools,
  mailConfigured,
  action,
}: {
  partnershipId: string;
  schools: SchoolOption[];
  mailConfigured: boolean;
  action: (prev: InviteState, formData: FormData) => Promise<InviteState>;
}) {
  const [state, onSubmit, pending] = useFormAction(action, initialInviteState);
  const { issued } = state;
  const fields: MemberFormState['fields'] = state.fields;
  const invalid = (field: string) => (fields[field] ? true : undefined);

  return (
    <div className="form">
      {issued ? (
        <div role="status" className="form">
          <p>
            <strong>Invitation ready for {issued.email}.</strong>{' '}
            {issued.emailed
              ? 'We have emailed them the link. '
              : 'Email is not set up here, so copy this link and send it to them yourself. '}
            It works once, until {formatDay(issued.expiresAt)}.
          </p>
          <CopyLink label={`Invitation link for ${issued.email}`} link={issued.link} />
        </div>
      ) : null}
      {/* A new key after each invitation clears the fields for the next one. */}
      <form key={issued?.link ?? 'invite'} onSubmit={onSubmit} className="form" noValidate aria-labelledby="invite-heading">
        <InlineAlert id="invite-error" message={state.error} />
        <input type="hidden" name="partnershipId" value={partnershipId} />
        <div className="field">
          <label htmlFor="invite-email" className="field__label">
            Email address
          </label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            inputMode="email"
            spellCheck={false}
            required
            maxLength={MEMBER_LIMITS.email}
            className="field__input"
            aria-invalid={invalid('email')}
            aria-describedby={fields.email ? 'invite-email-error' : undefined}
          />
          <FieldError id="invite-email-error" message={fields.email} />
        </div>
        <div className="field">
          <label htmlFor="invite-name" className="field__label">
            Name
          </label>
          <input
            id="invite-name"
            name="name"
            type="text"
            autoComplete="off"
            required
            maxLength={MEMBER_LIMITS.name}
            className="field__input"
            aria-invalid={invalid('name')}
            aria-describedby={fields.name ? 'invite-name-error' : undefined}
          />
          <FieldError id="invite-name-error" message={fields.name} />
        </div>
        <RoleFields idPrefix="invite" schools={schools} initial={[]} fields={fields} />
        <div className="form__actions">
          <Button type="submit" disabled={pending}>
            {pending ? 'Inviting…' : mailConfigured ? 'Send invitation' : 'Create invitation link'}
          </Button>
        </div>
      </form>
    </div>
  );
}
