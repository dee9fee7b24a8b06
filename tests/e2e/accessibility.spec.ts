import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { planIdOf, signInViaApi } from './helpers';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}

test('the sign-in page has no WCAG 2.2 AA violations', async ({ page }) => {
  await page.goto('/sign-in');
  await expectNoViolations(page);
});

test('the home and plan pages have no WCAG 2.2 AA violations', async ({ page }) => {
  await signInViaApi(page.request, 'head@bankroad.example');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Your plans' })).toBeVisible();
  await expectNoViolations(page);
  const id = await planIdOf(page.request, /Bank Road/);
  await page.goto(`/plans/${id}`);
  await expect(page.getByTestId('strand-row').first()).toBeVisible();
  await expectNoViolations(page);
});

test('the governance pages have no WCAG 2.2 AA violations: review, snapshot, board pack, inbox, account, rules', async ({ page }) => {
  // The Harwich demo plan has a head teachers' review under way.
  await signInViaApi(page.request, 'head@chaselane.example');
  const planId = await planIdOf(page.request, /Harwich/);
  const { reviews } = (await (await page.request.get(`/api/v1/plans/${planId}/reviews`)).json()) as { reviews: { id: string; status: string }[] };
  const review = reviews.find((r) => r.status !== 'historical');
  expect(review, 'the demo review').toBeTruthy();
  const { plans } = (await (await page.request.get('/api/v1/plans')).json()) as { plans: { id: string; partnership: { id: string } }[] };
  const partnershipId = plans.find((p) => p.id === planId)!.partnership.id;
  for (const [path, ready] of [
    [`/reviews/${review!.id}`, /Head teachers’ review/],
    [`/reviews/${review!.id}/snapshot`, /SHA-256/],
    [`/reviews/${review!.id}/pack`, /SHA-256/],
    ['/inbox', /Inbox/],
    ['/account', /calendar/i],
    [`/partnerships/${partnershipId}/governance`, /Who signs/],
    [`/plans/${planId}/versions`, /Version/],
  ] as const) {
    await page.goto(path);
    await expect(page.locator('main')).toContainText(ready);
    await expectNoViolations(page);
  }
});
