import { expect, test } from '@playwright/test';
import { badBodies, importFreshPlan } from './bad-input-corpus';
import { planIdOf, signInViaApi } from './helpers';

type Review = { id: string; version: number; lines: { id: string; role: string; schoolName: string }[] };

test('every governance write route answers bad input with a clear 4xx and changes nothing', async ({ request, browser }) => {
  const plan = await importFreshPlan(request);
  const started = await request.post(`/api/v1/plans/${plan.id}/reviews`, { data: { kind: 'jcc', heldOn: '2026-11-14' } });
  expect(started.status()).toBe(201);
  const { review } = (await started.json()) as { review: Review };
  const schedule = await request.post(`/api/v1/reviews/${review.id}/recommendations`, { data: { type: 'meeting_schedule', text: 'Meet every half term.' } });
  expect(schedule.status()).toBe(201);
  const { recommendation } = (await schedule.json()) as { recommendation: { id: string } };

  const reviewJson = async () => (await request.get(`/api/v1/reviews/${review.id}`)).text();
  const historyCount = async () =>
    ((await (await request.get(`/api/v1/plans/${plan.id}/history?limit=1000`)).json()) as { events: unknown[] }).events.length;
  const before = await reviewJson();
  const eventsBefore = await historyCount();

  const routes: { method: 'POST' | 'PATCH'; url: string; valid: Record<string, unknown> }[] = [
    { method: 'POST', url: `/api/v1/plans/${plan.id}/reviews`, valid: { kind: 'jcc', heldOn: '2026-11-14' } },
    { method: 'PATCH', url: `/api/v1/reviews/${review.id}`, valid: { version: review.version, attendees: 'Both heads' } },
    { method: 'POST', url: `/api/v1/reviews/${review.id}/signatures`, valid: { lineId: review.lines[0].id, password: 'jointplan-demo' } },
    { method: 'POST', url: `/api/v1/reviews/${review.id}/withdrawals`, valid: { signatureId: review.lines[0].id, reason: 'x' } },
    { method: 'POST', url: `/api/v1/reviews/${review.id}/recommendations`, valid: { type: 'other', text: 'x' } },
    { method: 'POST', url: `/api/v1/recommendations/${recommendation.id}/decisions`, valid: { schoolId: plan.id, decision: 'approved', meetingDate: '2026-11-20' } },
  ];
  for (const route of routes) {
    for (const bad of badBodies) {
      const response = await request.fetch(route.url, { method: route.method, data: bad.body, headers: { 'content-type': bad.type ?? 'application/json' } });
      expect(bad.status, `${route.method} ${route.url}: ${bad.name} gave ${response.status()}`).toContain(response.status());
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.message.length).toBeGreaterThan(5);
    }
  }
  const stale = await request.patch(`/api/v1/reviews/${review.id}`, { data: { version: 999, attendees: 'x' } });
  expect(stale.status()).toBe(409);
  expect(((await stale.json()) as { error: { current: unknown } }).error.current).toBeTruthy();

  // Bodies that parse but say something impossible.
  const impossible = [
    await request.post(`/api/v1/plans/${plan.id}/reviews`, { data: { kind: 'jcc', heldOn: '2026-02-30' } }),
    await request.post(`/api/v1/reviews/${review.id}/signatures`, { data: { lineId: '00000000-0000-4000-8000-000000000003', password: 'jointplan-demo' } }),
    await request.post(`/api/v1/reviews/${review.id}/recommendations`, { data: { type: 'school_leaves' } }),
    await request.post(`/api/v1/recommendations/${recommendation.id}/decisions`, { data: { schoolId: plan.id, decision: 'rejected', meetingDate: '2026-11-20' } }),
    await request.post(`/api/v1/plans/${plan.id}/amendments`, { data: { reason: 'x' } }),
    await request.post(`/api/v1/plans/${plan.id}/amendments`, { data: {} }),
    await request.post(`/api/v1/plans/${plan.id}/publication`, { data: {} }),
  ];
  expect(impossible.map((r) => r.status())).toEqual([400, 404, 400, 400, 400, 409, 409]);

  // Another partnership's plan and review are not there at all.
  const harwich = await browser.newContext();
  await signInViaApi(harwich.request, 'head@chaselane.example');
  const foreignPlanId = await planIdOf(harwich.request, /Harwich/);
  const foreign = [
    await harwich.request.get(`/api/v1/reviews/${review.id}`),
    await harwich.request.post(`/api/v1/reviews/${review.id}/signatures`, { data: { lineId: review.lines[0].id, password: 'jointplan-demo' } }),
    await harwich.request.post(`/api/v1/recommendations/${recommendation.id}/decisions`, { data: { schoolId: plan.id, decision: 'approved', meetingDate: '2026-11-20' } }),
    await request.post(`/api/v1/plans/${foreignPlanId}/reviews`, { data: { kind: 'jcc', heldOn: '2026-11-14' } }),
  ];
  await harwich.close();
  expect(foreign.map((r) => r.status())).toEqual([404, 404, 404, 404]);

  expect(await reviewJson()).toBe(before);
  expect(await historyCount()).toBe(eventsBefore);
});

test('a signature cannot be edited or deleted through the API', async ({ request }) => {
  const plan = await importFreshPlan(request);
  const { review } = (await (await request.post(`/api/v1/plans/${plan.id}/reviews`, { data: { kind: 'head_teachers', heldOn: '2026-11-14' } })).json()) as { review: Review };
  const mine = review.lines.find((l) => /Bank Road/.test(l.schoolName))!;
  const signed = await request.post(`/api/v1/reviews/${review.id}/signatures`, { data: { lineId: mine.id, password: 'jointplan-demo' } });
  expect(signed.status()).toBe(201);
  const after = await (await request.get(`/api/v1/reviews/${review.id}`)).text();
  for (const method of ['PATCH', 'PUT', 'DELETE']) {
    const response = await request.fetch(`/api/v1/reviews/${review.id}/signatures`, { method, data: { lineId: mine.id, signedAt: '2020-01-01' } });
    expect(response.status(), method).toBe(405);
  }
  expect(await (await request.get(`/api/v1/reviews/${review.id}`)).text()).toBe(after);
});
