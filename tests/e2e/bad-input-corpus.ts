import { type APIRequestContext, expect } from '@playwright/test';
import { planDocument, signInViaApi } from './helpers';

/** Request bodies every write route must refuse with a clear 4xx, changing nothing. */
export const huge = 'x'.repeat(300 * 1024);

export const badBodies: { name: string; body: string | Buffer; type?: string; status: number[] }[] = [
  { name: 'invalid JSON', body: '{"version": 1, "text": ', status: [400] },
  { name: 'not JSON at all', body: 'version=1&text=x', type: 'application/x-www-form-urlencoded', status: [415] },
  { name: 'a JSON array', body: '[1,2,3]', status: [400] },
  { name: 'wrong types', body: JSON.stringify({ version: 'one', text: 5, title: ['x'], body: 7 }), status: [400] },
  { name: 'an unknown field', body: JSON.stringify({ version: 1, text: 'x', title: 'x', body: '<p>x</p>', isAdmin: true }), status: [400] },
  { name: 'text over the limits', body: JSON.stringify({ version: 1, text: 'x'.repeat(5000), title: 'x'.repeat(500), body: 'x'.repeat(60_000) }), status: [400] },
  { name: 'a body over 256 KB', body: JSON.stringify({ text: huge }), status: [413] },
  { name: 'an empty body', body: '', status: [400] },
  { name: 'nulls everywhere', body: JSON.stringify({ version: null, text: null, title: null, body: null }), status: [400] },
];

export type Plan = {
  id: string;
  version: number;
  objectives: { id: string; version: number }[];
  strands: { id: string; version: number; actions: { id: string; version: number }[]; impact: { id: string; version: number }[] }[];
};

/** A plan imported afresh into Bank Road–William Lilley by its head, as JSON. */
export async function importFreshPlan(request: APIRequestContext): Promise<Plan> {
  const doc = planDocument();
  await signInViaApi(request, doc.importer);
  const { plans } = (await (await request.get('/api/v1/plans')).json()) as { plans: { partnership: { id: string; name: string } }[] };
  const partnershipId = plans.find((p) => /Bank Road/.test(p.partnership.name))!.partnership.id;
  const created = await request.post(`/api/v1/partnerships/${partnershipId}/imports`, { data: doc.text, headers: { 'content-type': 'text/plain' } });
  expect(created.status()).toBe(201);
  const { plan } = (await created.json()) as { plan: { id: string } };
  return ((await (await request.get(`/api/v1/plans/${plan.id}`)).json()) as { plan: Plan }).plan;
}

