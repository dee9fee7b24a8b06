// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryPage } from '@/lib/queries/history';

const refresh = vi.fn();
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh }) }));
const { HistoryPanel } = await import('@/components/history/HistoryPanel');

Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });

const PLAN = '11111111-1111-4111-8111-111111111111';
const ACTION = '22222222-2222-4222-8222-222222222222';
const OWNER = '33333333-3333-4333-8333-333333333333';

const people = {
  people: [{ value: OWNER, name: 'Len Lead', email: 'lead@example.org' }],
  schools: [{ id: 's1', name: 'Bank Road', shortCode: 'BR' }],
  members: [{ id: OWNER, name: 'Len Lead' }],
  objectives: [],
};
const page: HistoryPage = {
  events: [
    {
      id: 'e2',
      seq: 2,
      at: '2025-06-12T09:00:00.000Z',
      actor: { name: 'Ann Head', email: 'head@example.org', school: 'Bank Road', role: 'head_teacher' },
      verb: 'action.update',
      entityType: 'action',
      entityId: ACTION,
      changes: [
        { field: 'rag', before: 'green', after: 'red', restorable: true },
        { field: 'ragReason', before: null, after: 'x'.repeat(300), restorable: true },
      ],
      restoredFrom: null,
    },
    {
      id: 'e1',
      seq: 1,
      at: '2025-01-05T09:00:00.000Z',
      actor: { name: 'Ann Head', email: 'head@example.org', school: 'Bank Road', role: 'head_teacher' },
      verb: 'action.create',
      entityType: 'action',
      entityId: ACTION,
      changes: [{ field: 'ownerUserId', before: null, after: OWNER, restorable: false }],
      restoredFrom: null,
    },
  ],
  nextCursor: null,
  headSeq: 2,
};

type Call = { url: string; method: string; body: string | null };
let calls: Call[];
let restoreAnswer: { status: number; body: unknown };
let historyAnswer: HistoryPage;

function answer(status: number, body: unknown) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

beforeEach(() => {
  calls = [];
  restoreAnswer = { status: 200, body: { entityType: 'action', entity: {} } };
  historyAnswer = page;
  refresh.mockReset();
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
    const body = typeof init?.body === 'string' ? init.body : null;
    calls.push({ url: input, method: init?.method ?? 'GET', body });
    if (input.includes('/history/people')) return answer(200, people);
    if (input.includes('/restore')) return answer(restoreAnswer.status, restoreAnswer.body);
    return answer(200, historyAnswer);
  });
});

let root: Root | null = null;
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const panel = (onClose: () => void, reloadSignal = 0) =>
  createElement(HistoryPanel, { planId: PLAN, scope: { entityType: 'action', entityId: ACTION }, onClose, reloadSignal });

async function open(onClose = vi.fn()) {
  const opener = document.createElement('button');
  document.body.append(opener);
  opener.focus();
  const host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => {
    root?.render(panel(onClose));
  });
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  return { opener, onClose };
}

const q = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];

describe('the history panel', () => {
  it('opens as a modal dialog for the action, focused on its heading, listing events in plain words', async () => {
    await open();
    const dialog = document.querySelector('dialog');
    expect(dialog?.open).toBe(true);
    expect(document.activeElement?.textContent).toBe('History of this action');
    expect(calls[0]?.url ?? '').toContain(`/api/v1/plans/${PLAN}/history`);
    expect(calls.some((c) => c.url.includes(`entity=action%3A${ACTION}`))).toBe(true);
    const events = q('[data-testid="history-event"]');
    expect(events).toHaveLength(2);
    expect(events[0].textContent).toContain('Ann Head (Head teacher, Bank Road) changed the RAG rating');
    expect(events[0].textContent).toContain('RAG rating:');
    expect(events[0].textContent).toContain('Green');
    expect(events[1].textContent).toContain('added an action');
    expect(events[1].textContent).toContain('Len Lead');
    // Restore is offered only where the server said the change is restorable.
    expect(q('[data-testid="restore-button"]')).toHaveLength(2);
    expect(events[1].querySelector('[data-testid="restore-button"]')).toBeNull();
    // Long values are cut short until asked for.
    expect(events[0].textContent).not.toContain('x'.repeat(300));
    const more = q('button').find((b) => b.textContent === 'Show more');
    await act(async () => more?.click());
    expect(events[0].textContent).toContain('x'.repeat(300));
    const labels = q('label').map((l) => l.textContent);
    expect(labels).toEqual(['By', 'From school', 'On or after', 'On or before']);
    expect(q('a').map((a) => a.getAttribute('href'))).toEqual([
      `/api/v1/plans/${PLAN}/history/export?entity=action%3A${ACTION}&format=csv`,
      `/api/v1/plans/${PLAN}/history/export?entity=action%3A${ACTION}&format=json`,
    ]);
  });

  it('says which recorded change a restore brought back, by whom and when', async () => {
    const restoredFrom = { eventId: 'e1', seq: 1, actorName: 'Len Lead', at: '2025-01-05T09:00:00.000Z' };
    historyAnswer = { ...page, events: [{ ...page.events[0], id: 'e3', seq: 3, verb: 'action.restore', restoredFrom }, ...page.events] };
    await open();
    const events = q('[data-testid="history-event"]');
    expect(events[0].textContent).toContain('Ann Head (Head teacher, Bank Road) restored an earlier value of an action');
    expect(events[0].querySelector('[data-testid="restored-from"]')?.textContent).toBe(' · Restored from Len Lead’s change of 5 Jan 2025, 09:00');
    expect(events.slice(1).every((e) => e.querySelector('[data-testid="restored-from"]') === null)).toBe(true);
  });

  it('restores through the API, then refreshes the page and the list', async () => {
    await open();
    const before = calls.length;
    await act(async () => q('[data-testid="restore-button"]')[0].click());
    const restore = calls.slice(before).find((c) => c.method === 'POST');
    // It carries the newest change the loaded history knew of: a later change makes the server refuse.
    expect(restore).toEqual({ url: '/api/v1/audit-events/e2/restore', method: 'POST', body: '{"field":"rag","seenSeq":2}' });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls.slice(before).filter((c) => c.url.includes('/history?'))).toHaveLength(1);
  });

  it('shows the server’s refusal in an alert', async () => {
    restoreAnswer = { status: 403, body: { error: { code: 'forbidden', message: 'You do not have permission to do that.' } } };
    await open();
    await act(async () => q('[data-testid="restore-button"]')[0].click());
    expect(q('[role="alert"]').map((a) => a.textContent)).toEqual(['You do not have permission to do that.']);
    expect(refresh).not.toHaveBeenCalled();
  });

  /** Chooses the owner in the person filter and applies it; returns the filter's select. */
  async function filterByOwner() {
    const select = document.querySelector<HTMLSelectElement>('select');
    await act(async () => {
      if (!select) return;
      select.value = OWNER;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(async () => document.querySelector('form')?.requestSubmit());
    return select;
  }

  it('applies filters to the list and the downloads', async () => {
    await open();
    await filterByOwner();
    expect(calls.at(-1)?.url).toContain(`actor=${OWNER}`);
    expect(q('a')[0].getAttribute('href')).toContain(`actor=${OWNER}`);
  });

  it('reloads when the plan changes, keeping the filters chosen and the focus where it is', async () => {
    const { onClose } = await open();
    const select = await filterByOwner();
    select?.focus();
    const before = calls.length;
    await act(async () => root?.render(panel(onClose, 1)));
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    const reload = calls.slice(before).find((c) => c.url.includes('/history?'));
    expect(reload?.url).toContain(`actor=${OWNER}`);
    expect(document.querySelector<HTMLSelectElement>('select')?.value).toBe(OWNER);
    expect(document.activeElement).toBe(select);
  });

  it('closes on Escape and gives focus back', async () => {
    const { opener, onClose } = await open();
    await act(async () => document.querySelector('dialog')?.dispatchEvent(new Event('cancel', { cancelable: true })));
    expect(onClose).toHaveBeenCalledTimes(1);
    await act(async () => root?.unmount());
    root = null;
    expect(document.activeElement).toBe(opener);
  });
});
