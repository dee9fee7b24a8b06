'use client';

import { useId, useRef, useEffect } from 'react';
import { useFormAction } from '@/components/members/use-form-action';
import { FormAlert } from '@/components/ui/FormAlert';
import { SubmitButton } from '@/components/ui/SubmitButton';
import type { GovernanceSettingsView } from '@/lib/queries/governance-settings';
import type { GovernanceFormState } from './state';
import { ALLOWED_APPROVAL_RULES } from '@/lib/governance/rules';

type Action = (prev: GovernanceFormState, formData: FormData) => Promise<GovernanceFormState>;

/** The form of a partnership's governance rules: a checkbox group per review kind, a choice per decision type. */
export function GovernanceSettingsForm({ settings, action }: { settings: GovernanceSettingsView; action: Action }) {
  const [state, onSubmit, pending] = useFormAction(action, { error: null, fields: {}, saved: false });
  const alertId = useId();
  const savedRef = useRef<HTMLParagraphElement>(null);
  const { rules, defaults, options } = settings;

  useEffect(() => {
    if (state.saved) savedRef.current?.focus();
  }, [state]);

  return (
    <form className="form governance-settings" onSubmit={onSubmit} aria-describedby={alertId} noValidate>
      <input type="hidden" name="partnershipId" value={settings.partnership.id} />
      <FormAlert id={alertId} message={state.error} />
      {state.saved && !pending ? (
        <p ref={savedRef} tabIndex={-1} className="governance-settings__saved" role="status">
          Saved. Reviews and recommendations started from now on follow these rules.
        </p>
      ) : null}

      <fieldset className="governance-settings__group">
        <legend className="governance-settings__legend">Who signs each kind of review</legend>
        <p className="field__hint">Each ticked role signs for every partner school: a line per role and school.</p>
        {options.reviewKinds.map((kind) => {
          const field = `signatures.${kind.value}`;
          const error = state.fields[field];
          const errorId = `${alertId}-${kind.value}-error`;
          return (
            <fieldset
              key={kind.value}
              className="checkbox-group"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              data-testid={`signatures-${kind.value}`}
            >
              <legend className="field__label">{kind.label}</legend>
              {error ? (
                <p id={errorId} className="field__error">
                  {error}
                </p>
              ) : null}
              <div className="checkbox-group__items">
                {options.signingRoles.map((role) => (
                  <label key={role.value} className="checkbox-group__item">
                    <input type="checkbox" name={field} value={role.value} defaultChecked={rules.signatures[kind.value].includes(role.value)} />
                    {role.label}
                    {defaults.signatures[kind.value].includes(role.value) ? <span className="field__optional"> (default)</span> : null}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
      </fieldset>

      <fieldset className="governance-settings__group">
        <legend className="governance-settings__legend">Who approves each kind of decision</legend>
        <p className="field__hint">The JCC recommends; depending on the decision, it takes effect on its own word, or once the boards named approve.</p>
        {options.recommendationTypes.map((type) => {
          const field = `approvals.${type.value}`;
          const id = `${alertId}-${type.value}`;
          const error = state.fields[field];
          return (
            <div key={type.value} className="field">
              <label htmlFor={id} className="field__label">
                {type.label}
              </label>
              {error ? (
                <p id={`${id}-error`} className="field__error">
                  {error}
                </p>
              ) : null}
              <select
                id={id}
                name={field}
                className="field__input field__select"
                defaultValue={rules.approvals[type.value]}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-error` : undefined}
              >
                {options.approvalRules.filter((rule) => ALLOWED_APPROVAL_RULES[type.value].includes(rule.value)).map((rule) => (
                  <option key={rule.value} value={rule.value}>
                    {rule.label}
                    {defaults.approvals[type.value] === rule.value ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </fieldset>

      <p className="field__hint">
        Changes apply to reviews and recommendations started afterwards. Those already started keep the signatures and approvals they
        were given.
      </p>
      <div className="form__actions">
        <SubmitButton pendingLabel="Saving…">Save the rules</SubmitButton>
      </div>
    </form>
  );
}
