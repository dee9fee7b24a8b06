import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, type Browser, type Locator, type Page, expect } from '@playwright/test';

export const DEMO_PASSWORD = 'jointplan-demo';

/** Signs in through Auth.js's API (not the form): the context's cookies then carry the session. */
export async function signInViaApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<void> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/credentials', {
    form: { email, password, csrfToken, callbackUrl: '/' },
    maxRedirects: 0,
  });
  expect(response.status(), 'sign-in should redirect').toBe(302);
  const session = (await (await request.get('/api/auth/session')).json()) as { uid?: string } | null;
  expect(session?.uid, `signed in as ${email}`).toBeTruthy();
}

const SEED = path.resolve(process.cwd(), '../shared/seeds/002_0b1cb70c67a5a1be.txt');
const FIXTURE = path.resolve(process.cwd(), 'tests/fixtures/plan-small.txt');

/**
 * The real 2017 plan when this checkout sits beside ../shared, otherwise our own small fixture. The
 * fixture names schools the demo partnership lacks, so only its admin may import it.
 */
export function planDocument(): { path: string; isSeed: boolean; text: string; importer: string } {
  if (existsSync(SEED)) return { path: SEED, isSeed: true, text: readFileSync(SEED, 'utf8'), importer: 'head@bankroad.example' };
  console.warn(`[e2e] ${SEED} is absent: using ${FIXTURE} instead of the real 2017 plan`);
  return { path: FIXTURE, isSeed: false, text: readFileSync(FIXTURE, 'utf8'), importer: 'admin@bankroad.example' };
}

/** The id of the first plan of a partnership, as the API lists it to the signed-in person. */
export async function planIdOf(request: APIRequestContext, partnershipName: RegExp): Promise<string> {
  const { plans } = (await (await request.get('/api/v1/plans')).json()) as {
    plans: { id: string; partnership: { name: string } }[];
  };
  const plan = plans.find((p) => partnershipName.test(p.partnership.name));
  expect(plan, `a plan of ${partnershipName}`).toBeTruthy();
  return plan!.id;
}

export async function gotoAndSettle(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

/** A co-edited editor's text without the others' caret labels (which are drawn inside the editing area). */
export function editorText(editor: Locator): Promise<string> {
  return editor.evaluate((element) => {
    const copy = element.cloneNode(true);
    if (!(copy instanceof HTMLElement)) return '';
    for (const caret of copy.querySelectorAll('.collab-caret')) caret.remove();
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

/** How many times `word` occurs in `text`. */
export const occurrences = (text: string, word: string) => text.split(word).length - 1;

/** A fresh copy of the 2017 plan in the Bank Road and William Lilley partnership, so the test owns it. */
export async function importFreshPlan(browser: Browser): Promise<string> {
  const doc = planDocument();
  const context = await browser.newContext();
  await signInViaApi(context.request, doc.importer);
  const { plans } = (await (await context.request.get('/api/v1/plans')).json()) as { plans: { partnership: { id: string; name: string } }[] };
  const partnershipId = plans.find((p) => /Bank Road/.test(p.partnership.name))?.partnership.id;
  expect(partnershipId, 'the Bank Road and William Lilley partnership').toBeTruthy();
  const created = await context.request.post(`/api/v1/partnerships/${partnershipId}/imports`, {
    data: doc.text,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  expect(created.status()).toBe(201);
  const { plan } = (await created.json()) as { plan: { id: string } };
  await context.close();
  return plan.id;
}
