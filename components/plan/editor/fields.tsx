'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/Button';
import { FormAlert } from '@/components/ui/FormAlert';

const describedBy = (...ids: (string | null | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

/** A field's own error, shown under it and referenced by its `aria-describedby`. */
export function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="field__error">
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

type TextFieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  maxLength?: number;
  required?: boolean;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'url' | 'date' | 'time' | 'number';
  min?: number;
  max?: number;
  disabled?: boolean;
};

/** A labelled text input or textarea with its hint and error. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error = null,
  hint,
  maxLength,
  required,
  multiline,
  rows = 3,
  type = 'text',
  min,
  max,
  disabled,
}: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const common = {
    id,
    className: 'field__input',
    value,
    required,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(hintId, errorId),
  };
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
        {required ? null : <span className="field__optional"> (optional)</span>}
      </label>
      {hint ? (
        <p id={hintId ?? undefined} className="field__hint">
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea {...common} rows={rows} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} maxLength={maxLength} min={min} max={max} onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export type Option = { value: string; label: string };

/** A labelled native select with its error. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  error = null,
  hint,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  error?: string | null;
  hint?: string;
  disabled?: boolean;
}) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {hint ? (
        <p id={hintId ?? undefined} className="field__hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        className="field__input field__select"
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** A fieldset of checkboxes (schools of an action, objectives of a strand). */
export function CheckboxGroup({
  id,
  legend,
  options,
  selected,
  onChange,
  error = null,
  emptyText,
}: {
  id: string;
  legend: string;
  options: readonly Option[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  error?: string | null;
  emptyText?: string;
}) {
  const errorId = `${id}-error`;
  return (
    <fieldset className="field checkbox-group" aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">{legend}</legend>
      {options.length === 0 && emptyText ? <p className="field__hint">{emptyText}</p> : null}
      <ul className="checkbox-group__items">
        {options.map((option) => {
          const checkboxId = `${id}-${option.value}`;
          const checked = selected.includes(option.value);
          return (
            <li key={option.value} className="checkbox-group__item">
              <input
                id={checkboxId}
                type="checkbox"
                checked={checked}
                onChange={(e) =>
                  onChange(e.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value))
                }
              />
              <label htmlFor={checkboxId}>{option.label}</label>
            </li>
          );
        })}
      </ul>
      <FieldError id={errorId} message={error} />
    </fieldset>
  );
}

/**
 * "Changed by someone else": their version beside the user's kept draft, after a conflicting save
 * or as soon as the page sees their change arrive.
 */
export function ConflictNotice({ children, by }: { children: ReactNode; by?: string | null }) {
  return (
    <div className="conflict-notice" data-testid="conflict-notice">
      <p className="conflict-notice__title">
        Changed by someone else{by ? ` (${by})` : ''}. Their version now reads:
      </p>
      <div className="conflict-notice__current">{children}</div>
      <p className="conflict-notice__hint">Your draft is kept below. Save to apply it on top of theirs, or cancel to keep theirs.</p>
    </div>
  );
}

/** Save and Cancel, with the form's error region (role="alert") above them. */
export function FormFooter({
  alertId,
  alert,
  busy,
  saveLabel,
  onCancel,
}: {
  alertId: string;
  alert: string | null;
  busy: boolean;
  saveLabel: string;
  onCancel: () => void;
}) {
  return (
    <>
      <FormAlert id={alertId} message={alert} />
      <div className="form__actions">
        <Button type="submit" size="small" disabled={busy} aria-describedby={alert ? alertId : undefined}>
          {busy ? 'Saving…' : saveLabel}
        </Button>
        <Button variant="secondary" size="small" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </>
  );
}

/** The always-open add forms' alert (role="alert") and submit button: "Add strand", "Adding…". */
export function AddFormFooter({ alertId, alert, busy, addLabel }: { alertId: string; alert: string | null; busy: boolean; addLabel: string }) {
  return (
    <>
      <FormAlert id={alertId} message={alert} />
      <div className="form__actions">
        <Button type="submit" size="small" disabled={busy}>
          {busy ? 'Adding…' : addLabel}
        </Button>
      </div>
    </>
  );
}

/**
 * A form panel opened from an Edit or Add button. Focus moves to its first field when it opens.
 * (Escape does not cancel: one stray key press would throw away a long draft.)
 */
export function EditorPanel({
  id,
  title,
  children,
  onSubmit,
  focusFirstField = true,
}: {
  id: string;
  title: string;
  children: ReactNode;
  onSubmit: () => void;
  /** False when a child moves focus itself (a rich-text editor focuses once it has loaded). */
  focusFirstField?: boolean;
}) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!focusFirstField) return;
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [focusFirstField]);
  const headingId = `${id}-heading`;
  return (
    <form
      ref={ref}
      id={id}
      className="editor-panel"
      aria-labelledby={headingId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h3 id={headingId} className="editor-panel__heading">
        {title}
      </h3>
      {children}
    </form>
  );
}
