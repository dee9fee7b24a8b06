'use client';

import { useRef, useState } from 'react';
import { Button } from '@/components/ui/Button';
import type { SchoolOption } from '@/lib/queries/members';
import { ROLES, ROLE_LABELS, schoolRuleOf } from '@/lib/validation/members';
import type { RoleRow } from './member-state';

type Row = RoleRow & { key: number };

const isRole = (value: string): value is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(value);

/**
 * The roles of one person as form fields: each row sends `role`, `schoolId` and `subject` (always
 * all three, so the server can pair them up), with a school only where the role has one and a
 * subject only for a subject lead. Field errors arrive keyed like `roles.0.schoolId`.
 */
export function RoleFields({
  idPrefix,
  schools,
  initial,
  fields,
}: {
  idPrefix: string;
  schools: SchoolOption[];
  initial: RoleRow[];
  fields: { [field: string]: string };
}) {
  const nextKey = useRef(initial.length + 1);
  const [rows, setRows] = useState<Row[]>(() =>
    (initial.length ? initial : [{ role: '', schoolId: '', subject: '' }]).map((r, i) => ({ ...r, key: i })),
  );
  const container = useRef<HTMLDivElement>(null);

  function update(key: number, patch: Partial<RoleRow>) {
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  }

  function add() {
    const key = nextKey.current++;
    setRows((current) => [...current, { key, role: '', schoolId: '', subject: '' }]);
    // Move to the new row's first field once it is rendered.
    requestAnimationFrame(() => container.current?.querySelector<HTMLSelectElement>(`#${idPrefix}-role-${key}`)?.focus());
  }

  function remove(key: number) {
    const index = rows.findIndex((r) => r.key === key);
    setRows((current) => current.filter((r) => r.key !== key));
    requestAnimationFrame(() => {
      const selects = container.current?.querySelectorAll<HTMLSelectElement>('select[name="role"]');
      selects?.[Math.max(0, Math.min(index, selects.length - 1))]?.focus();
    });
  }

  const rolesError = fields.roles;

  return (
    <div ref={container} className="form">
      {rolesError ? (
        <p id={`${idPrefix}-roles-error`} className="field__hint">
          <strong>{rolesError}</strong>
        </p>
      ) : null}
      {rows.map((row, index) => {
        const rule = isRole(row.role) ? schoolRuleOf(row.role) : 'none';
        const err = (field: string) => fields[`roles.${index}.${field}`] ?? (field === 'role' ? fields[`roles.${index}`] : undefined);
        const id = (field: string) => `${idPrefix}-${field}-${row.key}`;
        const described = (field: string) => (err(field) ? `${id(field)}-error` : undefined);
        return (
          <fieldset key={row.key} className="field">
            <legend className="field__label">Role {rows.length > 1 ? index + 1 : ''}</legend>
            <div className="field">
              <label htmlFor={id('role')} className="field__label">
                Role
              </label>
              <select
                id={id('role')}
                name="role"
                required
                value={row.role}
                onChange={(e) => {
                  const role = e.target.value;
                  const nextRule = isRole(role) ? schoolRuleOf(role) : 'none';
                  update(row.key, {
                    role,
                    schoolId: nextRule === 'none' ? '' : row.schoolId || (nextRule === 'required' && schools.length === 1 ? schools[0].id : ''),
                    subject: role === 'subject_lead' ? row.subject : '',
                  });
                }}
                className="field__input field__select"
                aria-invalid={err('role') ? true : undefined}
                aria-describedby={described('role')}
              >
                <option value="" disabled>
                  Choose a role
                </option>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
              {err('role') ? (
                <p id={`${id('role')}-error`} className="field__hint">
                  <strong>{err('role')}</strong>
                </p>
              ) : null}
            </div>

            {rule === 'none' ? (
              <input type="hidden" name="schoolId" value="" />
            ) : (
              <div className="field">
                <label htmlFor={id('school')} className="field__label">
                  {rule === 'required' ? 'School' : 'School (optional)'}
                </label>
                <select
                  id={id('school')}
                  name="schoolId"
                  required={rule === 'required'}
                  value={row.schoolId}
                  onChange={(e) => update(row.key, { schoolId: e.target.value })}
                  className="field__input field__select"
                  aria-invalid={err('schoolId') ? true : undefined}
                  aria-describedby={described('schoolId')}
                >
                  <option value="" disabled={rule === 'required'}>
                    {rule === 'required' ? 'Choose a school' : 'The whole partnership'}
                  </option>
                  {schools.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
                {err('schoolId') ? (
                  <p id={`${id('schoolId')}-error`} className="field__hint">
                    <strong>{err('schoolId')}</strong>
                  </p>
                ) : null}
              </div>
            )}

            {row.role === 'subject_lead' ? (
              <div className="field">
                <label htmlFor={id('subject')} className="field__label">
                  Subject
                </label>
                <p id={`${id('subject')}-hint`} className="field__hint">
                  For example English, Maths, EYFS or SENCo
                </p>
                <input
                  id={id('subject')}
                  name="subject"
                  type="text"
                  required
                  maxLength={100}
                  value={row.subject}
                  onChange={(e) => update(row.key, { subject: e.target.value })}
                  className="field__input"
                  aria-invalid={err('subject') ? true : undefined}
                  aria-describedby={[`${id('subject')}-hint`, described('subject')].filter(Boolean).join(' ')}
                />
                {err('subject') ? (
                  <p id={`${id('subject')}-error`} className="field__hint">
                    <strong>{err('subject')}</strong>
                  </p>
                ) : null}
              </div>
            ) : (
              <input type="hidden" name="subject" value="" />
            )}

            {rows.length > 1 ? (
              <div className="form__actions">
                <Button variant="quiet" size="small" onClick={() => remove(row.key)}>
                  Remove role {index + 1}
                </Button>
              </div>
            ) : null}
          </fieldset>
        );
      })}
      <div className="form__actions">
        <Button variant="secondary" size="small" onClick={add}>
          Add another role
        </Button>
      </div>
    </div>
  );
}
