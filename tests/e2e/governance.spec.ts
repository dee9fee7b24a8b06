import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { DEMO_PASSWORD, importFreshPlan, signInViaApi } from './helpers';

// The governance cycle in four browsers: both head teachers and both chairs of the Bank Road and
// William Lilley collaboration. A JCC review is started from the plan page, all four sign the
// frozen snapshot (giving their passwords again) and see each other's signatures arrive, the JCC
// recommends adopting the plan, each school's board approves for itself only, the plan is ratified
// and read-only, published for parents, and amended into version 2.

const BR = 'Bank Road Infant and Nursery School';
const WL = 'William Lilley Infant and Nursery School';
const PEOPLE = {
  rachel: { email: 'head@bankroad.example', name: 'Rachel Okafor', line: `Sign as head teacher, ${BR}` },
  daniel: { email: 'head@williamlilley.example', name: 'Daniel Whitcombe', line: `Sign as head teacher, ${WL}` },
  margaret: { email: 'chair@bankroad.example', name: 'Margaret Ellison', line: `Sign as chair of governors, ${BR}` },
  tom: { email: 'chair@williamlilley.example', name: 'Tom Adebayo', line: `Sign as chair of governors, ${WL}` },
} as const;
type Who = keyof typeof PEOPLE;
type Visitor = { context: BrowserContext; page: Page };

async function visitor(browser: Browser, who: Who): Promise<Visitor> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaApi(page.request, PEOPLE[who].email);
  return { context, page };
}

const line = (page: Page, role: string, school: string) =>
  page.getByTestId('signature-line').filter({ hasText: `${role}, ${school}` });

/** Signs `who`'s line on the review page they have open, giving their password again. */
async function sign(page: Page, who: Who) {
  await page.getByRole('button', { name: PEOPLE[who].line }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Re-enter your password to sign').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  // The dialog closes once the signed page has been rendered again: with four browsers refreshing
  // on every signature, that can take several seconds on a busy two-core machine.
  await expect(dialog).toBeHidden({ timeout: 30_000 });
}

const standing = (page: Page) => page.getByTestId('plan-standing');

test('a JCC review is signed by both heads and both chairs, each board approves for itself, the plan is ratified, published and amended', async ({ browser }) => {
  test.setTimeout(180_000);
  const planId = await importFreshPlan(browser);
  const [rachel, daniel, margaret, tom] = await Promise.all((['rachel', 'daniel', 'margaret', 'tom'] as const).map((who) => visitor(browser, who)));

  // Rachel starts a JCC review from the plan page and lands on it.
  await rachel.page.goto(`/plans/${planId}`);
  await rachel.page.getByRole('button', { name: 'Start a review' }).click();
  const form = rachel.page.getByRole('form', { name: 'Start a review of this plan' });
  await form.getByLabel('Kind of review').selectOption('jcc');
  await form.getByLabel(/Attendees/).fill('Rachel Okafor, Daniel Whitcombe, Margaret Ellison, Tom Adebayo');
  await form.getByRole('button', { name: 'Start review' }).click();
  await rachel.page.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
  const reviewUrl = new URL(rachel.page.url()).pathname;
  await expect(rachel.page.getByRole('heading', { level: 1 })).toContainText('Joint Collaboration Committee review');
  await expect(rachel.page.getByTestId('snapshot-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(rachel.page.getByTestId('signature-line')).toHaveCount(4);

  for (const v of [daniel, margaret, tom]) await v.page.goto(reviewUrl);
  // Nobody is offered another person's line.
  await expect(daniel.page.getByRole('button', { name: /^Sign as/ })).toHaveCount(1);
  await expect(margaret.page.getByRole('button', { name: PEOPLE.tom.line })).toHaveCount(0);

  // Each signs in their own browser; the others see it arrive without reloading.
  const order: [Who, Visitor, string, string][] = [
    ['rachel', rachel, 'Head teacher', BR],
    ['daniel', daniel, 'Head teacher', WL],
    ['margaret', margaret, 'Chair of governors', BR],
    ['tom', tom, 'Chair of governors', WL],
  ];
  for (const [who, v, role, school] of order) {
    await sign(v.page, who);
    for (const other of [rachel, daniel, margaret, tom]) {
      await expect(line(other.page, role, school)).toContainText(`Signed by ${PEOPLE[who].name}`, { timeout: 30_000 });
    }
  }
  for (const v of [rachel, daniel, margaret, tom]) {
    await expect(v.page.getByTestId('review-status')).toContainText('Every required signature given');
  }

  // The JCC recommends adopting the plan.
  await rachel.page.getByRole('button', { name: 'Record a recommendation' }).click();
  const recommend = rachel.page.getByRole('form', { name: 'Record a recommendation of the JCC' });
  await recommend.getByLabel('The JCC recommends').selectOption('adopt_plan');
  await recommend.getByRole('button', { name: 'Record recommendation' }).click();
  const recommendation = (page: Page) => page.getByTestId('recommendation').filter({ hasText: 'Adopt the plan' });
  await expect(recommendation(rachel.page)).toContainText('Authorised by 0 of 2 boards');
  await expect(recommendation(margaret.page)).toBeVisible();

  await rachel.page.goto(`/plans/${planId}`);
  await expect(standing(rachel.page)).toContainText('authorised by 0 of 2 boards');

  // Bank Road's chair records her board's approval, and has no control for William Lilley's board.
  await expect(margaret.page.getByRole('button', { name: `Record ${WL} board’s decision` })).toHaveCount(0);
  await expect(tom.page.getByRole('button', { name: `Record ${BR} board’s decision` })).toHaveCount(0);
  await recordApproval(margaret.page, BR, 'FGB 2025/07');
  await expect(standing(rachel.page)).toContainText('authorised by 1 of 2 boards');

  // William Lilley's chair approves: every board has, so the plan is ratified and read-only.
  await recordApproval(tom.page, WL, 'FGB 2025/11');
  await expect(rachel.page.getByTestId('plan-read-only-note')).toContainText('ratified');
  await expect(rachel.page.getByRole('list', { name: 'About this plan' })).toContainText('Ratified');
  await expect(rachel.page.getByRole('button', { name: 'Edit title and year' })).toHaveCount(0);

  // Published for parents: the page opens without signing in.
  await rachel.page.getByRole('button', { name: 'Publish for parents' }).click();
  await rachel.page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
  const publicLink = rachel.page.getByTestId('plan-governance').getByRole('link', { name: /^\/p\// });
  await expect(publicLink).toBeVisible();
  const publicPath = await publicLink.getAttribute('href');
  expect(publicPath).toMatch(/^\/p\//);
  const parent = await browser.newContext();
  const parentPage = await parent.newPage();
  const response = await parentPage.goto(publicPath ?? '');
  expect(response?.status()).toBe(200);
  await expect(parentPage.getByRole('heading', { level: 1 })).toContainText('Collaboration');
  await parent.close();

  // An amendment opens version 2 as an editable draft.
  await rachel.page.getByRole('button', { name: 'Amend this plan' }).click();
  await rachel.page.getByRole('dialog').getByRole('button', { name: 'Open a new version' }).click();
  await rachel.page.waitForURL((url) => url.pathname.startsWith('/plans/') && !url.pathname.endsWith(planId));
  const about = rachel.page.getByRole('list', { name: 'About this plan' });
  await expect(about).toContainText('Version 2');
  await expect(about).toContainText('Draft');
  await expect(rachel.page.getByRole('button', { name: 'Edit title and year' })).toBeVisible();

  await Promise.all([rachel, daniel, margaret, tom].map((v) => v.context.close()));
});

/** A chair records their own board's approval on the review page they have open. */
async function recordApproval(page: Page, school: string, minute: string) {
  await page.getByRole('button', { name: `Record ${school} board’s decision` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('The board’s decision').selectOption('approved');
  await dialog.getByLabel(/Minute reference/).fill(minute);
  await dialog.getByRole('button', { name: 'Record decision' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('board-standing').filter({ hasText: school })).toContainText('Approved');
}

test('a wrong password keeps the sign dialog open with the reason, and signs nothing', async ({ browser }) => {
  const planId = await importFreshPlan(browser);
  const rachel = await visitor(browser, 'rachel');
  const started = await rachel.page.request.post(`/api/v1/plans/${planId}/reviews`, { data: { kind: 'head_teachers', heldOn: '2025-11-14' } });
  expect(started.status()).toBe(201);
  const body = (await started.json()) as { review: { id: string } };
  await rachel.page.goto(`/reviews/${body.review.id}`);

  await rachel.page.getByRole('button', { name: PEOPLE.rachel.line }).click();
  const dialog = rachel.page.getByRole('dialog');
  await dialog.getByLabel('Re-enter your password to sign').fill('not-my-password');
  await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(/password/i);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Re-enter your password to sign')).toHaveAttribute('aria-invalid', 'true');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(line(rachel.page, 'Head teacher', BR)).toContainText('Waiting for signature');
  const review = (await (await rachel.page.request.get(`/api/v1/reviews/${body.review.id}`)).json()) as {
    review: { lines: { signature: unknown }[] };
  };
  expect(review.review.lines.every((l) => l.signature === null)).toBe(true);
  await rachel.context.close();
});

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

type ReviewBody = { review: { id: string; status: string; lines: { id: string; canSign: boolean }[] } };

test('a board rejecting needs a reason; once given, the plan is back in draft with the reason shown to all', async ({ browser }) => {
  test.setTimeout(120_000);
  const planId = await importFreshPlan(browser);
  const people = await Promise.all((['rachel', 'daniel', 'margaret', 'tom'] as const).map((who) => visitor(browser, who)));
  const [rachel, , , tom] = people;

  // A complete JCC review recommending adoption, set up through the API.
  const started = await rachel.page.request.post(`/api/v1/plans/${planId}/reviews`, { data: { kind: 'jcc', heldOn: '2025-11-14' } });
  expect(started.status()).toBe(201);
  const reviewId = ((await started.json()) as ReviewBody).review.id;
  for (const v of people) {
    const { review } = (await (await v.page.request.get(`/api/v1/reviews/${reviewId}`)).json()) as ReviewBody;
    const mine = review.lines.find((l) => l.canSign);
    expect(mine, 'a line this person signs').toBeTruthy();
    const signed = await v.page.request.post(`/api/v1/reviews/${reviewId}/signatures`, { data: { lineId: mine?.id, password: DEMO_PASSWORD } });
    expect(signed.status()).toBe(201);
  }
  const recommended = await rachel.page.request.post(`/api/v1/reviews/${reviewId}/recommendations`, { data: { type: 'adopt_plan' } });
  expect(recommended.status()).toBe(201);

  await tom.page.goto(`/reviews/${reviewId}`);
  await expect(tom.page.getByTestId('review-status')).toContainText('Every required signature given');
  await expectNoViolations(tom.page);

  await tom.page.getByRole('button', { name: `Record ${WL} board’s decision` }).click();
  const dialog = tom.page.getByRole('dialog');
  await dialog.getByLabel('The board’s decision').selectOption('rejected');
  await dialog.getByRole('button', { name: 'Record decision' }).click();
  await expect(dialog.getByLabel(/^Reason/)).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).not.toBeEmpty();
  await expectNoViolations(tom.page);
  await expect(tom.page.getByTestId('board-standing').filter({ hasText: WL })).toContainText('Decision pending');

  await dialog.getByLabel(/^Reason/).fill('The board wants the Governors strand to name a link governor first.');
  await dialog.getByRole('button', { name: 'Record decision' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(tom.page.getByTestId('board-standing').filter({ hasText: WL })).toContainText('Rejected');

  await rachel.page.goto(`/plans/${planId}`);
  await expect(rachel.page.getByTestId('plan-rejection')).toContainText('name a link governor first');
  await expect(rachel.page.getByRole('list', { name: 'About this plan' })).toContainText('Draft');
  await expect(rachel.page.getByRole('button', { name: 'Edit title and year' })).toBeVisible();
  await expectNoViolations(rachel.page);
  await Promise.all(people.map((v) => v.context.close()));
});

test('a signer withdraws their signature with a reason: the line waits again and the withdrawal stays on record', async ({ browser }) => {
  const planId = await importFreshPlan(browser);
  const rachel = await visitor(browser, 'rachel');
  const started = await rachel.page.request.post(`/api/v1/plans/${planId}/reviews`, { data: { kind: 'head_teachers', heldOn: '2025-11-14' } });
  expect(started.status()).toBe(201);
  const reviewId = ((await started.json()) as ReviewBody).review.id;
  await rachel.page.goto(`/reviews/${reviewId}`);
  await sign(rachel.page, 'rachel');
  const mine = line(rachel.page, 'Head teacher', BR);
  await expect(mine).toContainText(`Signed by ${PEOPLE.rachel.name}`);

  await mine.getByRole('button', { name: 'Withdraw my signature' }).click();
  const dialog = rachel.page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Withdraw signature' }).click();
  await expect(dialog.getByLabel(/^Reason for withdrawing/)).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel(/^Reason for withdrawing/).fill('Signed before the SENCo actions were agreed.');
  await dialog.getByRole('button', { name: 'Withdraw signature' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });

  await expect(mine).toContainText('Waiting for signature');
  await expect(mine.getByRole('list', { name: /^Withdrawn signatures/ })).toContainText('Signed before the SENCo actions were agreed.');
  await expect(mine.getByRole('button', { name: PEOPLE.rachel.line })).toBeVisible();
  await rachel.context.close();
});
