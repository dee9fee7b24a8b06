import { expect, test } from '@playwright/test';
import { planDocument, planIdOf, signInViaApi } from './helpers';

test('a head teacher uploads the plan, opens it and sees every objective and strand', async ({ page }) => {
  const doc = planDocument();
  await signInViaApi(page.request, doc.importer);
  await page.goto('/');
  await page.getByRole('link', { name: 'Import a plan' }).click();
  await page.getByLabel(/file/i).setInputFiles(doc.path);
  await page.getByRole('button', { name: 'Import plan' }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  const newPlanPath = new URL(page.url()).pathname;

  const objectives = page.getByTestId('objective');
  const strands = page.getByTestId('strand-row');
  if (doc.isSeed) {
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Collaboration Action Plan');
    await expect(objectives).toHaveCount(10);
    await expect(strands).toHaveCount(10);
    for (const title of ['Safeguarding', 'Teaching and Learning', 'Staff', 'CPD', 'Moderation / assessment', 'School Council', 'Pupil Premium', 'Parents', 'Governors', 'Combined SIP priorities']) {
      await expect(strands.filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${title.replace('/', '\\/')}`) }) })).toHaveCount(1);
    }
    await expect(page.getByText('Amended and updated following review by head teachers')).toBeVisible();
    await expect(page.getByTestId('review')).toHaveCount(3);
    await expect(page.getByTestId('action').filter({ hasText: 'SENcos to meet' })).toHaveCount(1);
  } else {
    await expect(objectives).toHaveCount(3);
    await expect(strands).toHaveCount(3);
  }
  // The imported plan is listed on the home page.
  await page.goto('/');
  await expect(page.locator(`a[href="${newPlanPath}"]`)).toBeVisible();
});

test('printing gives a clean A4 landscape document without the app chrome', async ({ page }) => {
  await signInViaApi(page.request, 'head@bankroad.example');
  const id = await planIdOf(page.request, /Bank Road/);
  await page.goto(`/plans/${id}`);
  await expect(page.getByTestId('strand-row').first()).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByTestId('strand-row').first()).toBeVisible();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  // A4 landscape is 842 x 595 points.
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
  expect(box).not.toBeNull();
  expect(Math.round(Number(box![1]))).toBe(842);
  expect(Math.round(Number(box![2]))).toBe(595);
});

test('a Bank Road head cannot see the Harwich plan: the same 404 as an unknown id', async ({ browser }) => {
  const harwich = await browser.newContext();
  await signInViaApi(harwich.request, 'head@chaselane.example');
  const harwichPlanId = await planIdOf(harwich.request, /Harwich/);
  expect((await harwich.request.get(`/api/v1/plans/${harwichPlanId}`)).status()).toBe(200);
  await harwich.close();

  const bankRoad = await browser.newContext();
  await signInViaApi(bankRoad.request, 'head@bankroad.example');
  const foreign = await bankRoad.request.get(`/api/v1/plans/${harwichPlanId}`);
  const unknown = await bankRoad.request.get('/api/v1/plans/00000000-0000-4000-8000-000000000000');
  expect(foreign.status()).toBe(404);
  expect(unknown.status()).toBe(404);
  expect(await foreign.json()).toEqual(await unknown.json());
  const { plans } = (await (await bankRoad.request.get('/api/v1/plans')).json()) as { plans: { partnership: { name: string } }[] };
  expect(plans.length).toBeGreaterThan(0);
  expect(plans.every((p) => /Bank Road/.test(p.partnership.name))).toBe(true);

  const page = await bankRoad.newPage();
  const response = await page.goto(`/plans/${harwichPlanId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await bankRoad.close();
});
