import { expect, test } from '@playwright/test';
import { planDocument, signInViaApi } from './helpers';

test('a state-changing request from another site is refused even with a session', async ({ request }) => {
  await signInViaApi(request, 'head@bankroad.example');
  const { plans } = (await (await request.get('/api/v1/plans')).json()) as { plans: { partnership: { id: string } }[] };
  const response = await request.post(`/api/v1/partnerships/${plans[0].partnership.id}/imports`, {
    data: planDocument().text,
    headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  expect(response.status()).toBe(403);
});

test('the API answers health without a session and 401 for everything else', async ({ request }) => {
  expect(await (await request.get('/api/health')).json()).toEqual({ ok: true });
  const plans = await request.get('/api/v1/plans');
  expect(plans.status()).toBe(401);
  expect(await plans.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  expect((await request.get('/api/v1/plans/00000000-0000-4000-8000-000000000000')).status()).toBe(401);
  expect((await request.post('/api/v1/partnerships/00000000-0000-4000-8000-000000000000/imports', { data: 'x', headers: { 'content-type': 'text/plain' } })).status()).toBe(401);
});

test('POST /imports creates a plan from a text/plain body, refuses a malformed one naming the line', async ({ request }) => {
  const doc = planDocument();
  await signInViaApi(request, doc.isSeed ? 'head@williamlilley.example' : doc.importer);
  const { plans } = (await (await request.get('/api/v1/plans')).json()) as { plans: { partnership: { id: string; name: string } }[] };
  const partnershipId = plans.find((p) => /Bank Road/.test(p.partnership.name))!.partnership.id;

  const created = await request.post(`/api/v1/partnerships/${partnershipId}/imports`, {
    data: doc.text,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  expect(created.status()).toBe(201);
  const { plan } = (await created.json()) as { plan: { id: string } };
  const full = (await (await request.get(`/api/v1/plans/${plan.id}`)).json()) as {
    plan: { status: string; objectives: unknown[]; strands: { objectiveNumbers: number[]; actions: { due: { label: string | null } }[] }[]; reviews: unknown[] };
  };
  expect(full.plan.status).toBe('draft');
  expect(full.plan.objectives).toHaveLength(doc.isSeed ? 10 : 3);
  expect(full.plan.strands).toHaveLength(doc.isSeed ? 10 : 3);
  if (doc.isSeed) expect(full.plan.strands[0].objectiveNumbers).toEqual([1, 2, 5, 10]);

  const broken = doc.text.replace(/\t/, ' ');
  const refused = await request.post(`/api/v1/partnerships/${partnershipId}/imports`, {
    data: broken,
    headers: { 'content-type': 'text/plain' },
  });
  expect(refused.status()).toBe(400);
  const body = (await refused.json()) as { error: { code: string; message: string; details: { line: number } } };
  expect(body.error.code).toBe('invalid_import');
  expect(body.error.details.line).toBeGreaterThan(0);
  expect(body.error.message).toMatch(/^Line \d+: /);

  const wrongType = await request.post(`/api/v1/partnerships/${partnershipId}/imports`, { data: { plan: 'x' } });
  expect(wrongType.status()).toBe(415);
  const tooBig = await request.post(`/api/v1/partnerships/${partnershipId}/imports`, {
    data: 'x'.repeat(1024 * 1024 + 1),
    headers: { 'content-type': 'text/plain' },
  });
  expect(tooBig.status()).toBe(413);

  const after = (await (await request.get('/api/v1/plans')).json()) as { plans: { id: string }[] };
  expect(after.plans.filter((p) => p.id === plan.id)).toHaveLength(1);
});

test('importing into another partnership is a 404; a governor may not import (403)', async ({ browser }) => {
  const chase = await browser.newContext();
  await signInViaApi(chase.request, 'head@chaselane.example');
  const { plans } = (await (await chase.request.get('/api/v1/plans')).json()) as { plans: { partnership: { id: string } }[] };
  const harwichId = plans[0].partnership.id;
  await chase.close();

  const governor = await browser.newContext();
  await signInViaApi(governor.request, 'governor@williamlilley.example');
  const own = (await (await governor.request.get('/api/v1/plans')).json()) as { plans: { partnership: { id: string } }[] };
  const body = planDocument().text;
  const foreign = await governor.request.post(`/api/v1/partnerships/${harwichId}/imports`, { data: body, headers: { 'content-type': 'text/plain' } });
  expect(foreign.status()).toBe(404);
  const forbidden = await governor.request.post(`/api/v1/partnerships/${own.plans[0].partnership.id}/imports`, {
    data: body,
    headers: { 'content-type': 'text/plain' },
  });
  expect(forbidden.status()).toBe(403);
  await governor.close();
});
