import { expect, test } from '@playwright/test';
import { type Plan, badBodies as corpus, importFreshPlan } from './bad-input-corpus';
import { planIdOf, signInViaApi } from './helpers';

test('every write route answers bad input with a clear 4xx and changes nothing', async ({ request, browser }) => {
  const plan = await importFreshPlan(request);
  const strand = plan.strands[0];
  const action = strand.actions[0];
  const objective = plan.objectives[0];

  const harwich = await browser.newContext();
  await signInViaApi(harwich.request, 'head@chaselane.example');
  const foreignPlanId = await planIdOf(harwich.request, /Harwich/);
  const foreign = ((await (await harwich.request.get(`/api/v1/plans/${foreignPlanId}`)).json()) as {
    plan: Plan & { schools: { id: string }[] };
  }).plan;
  await harwich.close();

  const before = await (await request.get(`/api/v1/plans/${plan.id}`)).text();
  const historyCount = async () =>
    ((await (await request.get(`/api/v1/plans/${plan.id}/history?limit=1000`)).json()) as { events: unknown[] }).events.length;
  const eventsBefore = await historyCount();
  const routes: { method: 'POST' | 'PATCH'; url: string; valid: Record<string, unknown> }[] = [
    { method: 'PATCH', url: `/api/v1/plans/${plan.id}`, valid: { version: plan.version, title: 'Renamed' } },
    { method: 'POST', url: `/api/v1/plans/${plan.id}/archive`, valid: { version: plan.version } },
    { method: 'POST', url: `/api/v1/plans/${plan.id}/objectives`, valid: { text: 'New objective' } },
    { method: 'PATCH', url: `/api/v1/objectives/${objective.id}`, valid: { version: objective.version, text: 'Changed' } },
    { method: 'POST', url: `/api/v1/plans/${plan.id}/strands`, valid: { title: 'New strand' } },
    { method: 'PATCH', url: `/api/v1/strands/${strand.id}`, valid: { version: strand.version, title: 'Changed' } },
    { method: 'POST', url: `/api/v1/strands/${strand.id}/actions`, valid: { text: 'New action' } },
    { method: 'PATCH', url: `/api/v1/actions/${action.id}`, valid: { version: action.version, text: 'Changed' } },
    { method: 'POST', url: `/api/v1/strands/${strand.id}/impact`, valid: { body: '<p>New</p>' } },
  ];
  if (strand.impact[0]) routes.push({ method: 'PATCH', url: `/api/v1/impact/${strand.impact[0].id}`, valid: { version: strand.impact[0].version, body: '<p>Changed</p>' } });

  for (const route of routes) {
    for (const bad of corpus) {
      const response = await request.fetch(route.url, { method: route.method, data: bad.body, headers: { 'content-type': bad.type ?? 'application/json' } });
      expect(response.status(), `${route.method} ${route.url}: ${bad.name}`).toBeLessThan(500);
      expect(bad.status, `${route.method} ${route.url}: ${bad.name} gave ${response.status()}`).toContain(response.status());
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.message.length).toBeGreaterThan(5);
    }
    // A stale version, where the route takes one.
    if ('version' in route.valid) {
      const stale = await request.fetch(route.url, { method: route.method, data: { ...route.valid, version: 999 } });
      expect(stale.status(), `${route.url}: stale version`).toBe(409);
      expect(((await stale.json()) as { error: { current: unknown } }).error.current).toBeTruthy();
    }
  }

  // Ids of another partnership: refused, whether as the target or inside the body.
  const foreignStrand = foreign.strands[0];
  const refusals = [
    await request.patch(`/api/v1/actions/${foreignStrand.actions[0].id}`, { data: { version: foreignStrand.actions[0].version, text: 'x' } }),
    await request.post(`/api/v1/strands/${foreignStrand.id}/actions`, { data: { text: 'x' } }),
    await request.patch(`/api/v1/plans/${foreign.id}`, { data: { version: foreign.version, title: 'x' } }),
    await request.patch(`/api/v1/actions/${action.id}`, { data: { version: action.version, schoolIds: [foreign.schools[0].id] } }),
    await request.patch(`/api/v1/strands/${strand.id}`, { data: { version: strand.version, objectiveIds: [foreign.objectives[0].id] } }),
    await request.patch(`/api/v1/actions/not-an-id`, { data: { version: 1, text: 'x' } }),
  ];
  expect(refusals.map((r) => r.status())).toEqual([404, 404, 404, 400, 400, 404]);

  // People who are not of this partnership, as owner or lead.
  const stranger = '00000000-0000-4000-8000-000000000001';
  const people = [
    await request.patch(`/api/v1/actions/${action.id}`, { data: { version: action.version, ownerUserId: stranger } }),
    await request.patch(`/api/v1/strands/${strand.id}`, { data: { version: strand.version, leadUserId: stranger } }),
    await request.post(`/api/v1/strands/${strand.id}/impact`, { data: { body: '<p>x</p>', actionId: foreignStrand.actions[0].id } }),
  ];
  expect(people.map((r) => r.status())).toEqual([400, 400, 400]);

  // Removals: a malformed or stale version, an unknown id, another partnership's entity.
  const removals = [
    await request.delete(`/api/v1/objectives/${objective.id}?version=abc`),
    await request.delete(`/api/v1/actions/${action.id}?version=999`),
    await request.delete(`/api/v1/strands/${strand.id}?version=-1`),
    await request.delete('/api/v1/actions/not-an-id'),
    await request.delete(`/api/v1/actions/${foreignStrand.actions[0].id}`),
  ];
  expect(removals.map((r) => r.status())).toEqual([400, 409, 400, 404, 404]);

  // Restoring: unknown or malformed events, a body that is not right.
  const restores = [
    await request.post('/api/v1/audit-events/not-an-id/restore', { data: { field: 'text' } }),
    await request.post('/api/v1/audit-events/00000000-0000-4000-8000-000000000002/restore', { data: { field: 'text' } }),
    await request.post('/api/v1/audit-events/00000000-0000-4000-8000-000000000002/restore', { data: '{"field":', headers: { 'content-type': 'application/json' } }),
  ];
  for (const r of restores) {
    expect(r.status()).toBeLessThan(500);
    expect(r.status()).toBeGreaterThanOrEqual(400);
  }

  expect(await (await request.get(`/api/v1/plans/${plan.id}`)).text()).toBe(before);
  expect(await historyCount()).toBe(eventsBefore);
});

test('scripts and event handlers in rich text are never stored', async ({ request }) => {
  const plan = await importFreshPlan(request);
  const strand = plan.strands[0];
  const response = await request.patch(`/api/v1/strands/${strand.id}`, {
    data: { version: strand.version, intendedImpact: '<p onmouseover="x()">Safe <a href="javascript:alert(1)">link</a></p><script>alert(1)</script><iframe src="https://evil.example"></iframe>' },
  });
  expect(response.status()).toBe(200);
  const { strand: saved } = (await response.json()) as { strand: { intendedImpact: string } };
  expect(saved.intendedImpact).toContain('Safe');
  expect(saved.intendedImpact).not.toMatch(/script|onmouseover|javascript:|iframe/i);
});
