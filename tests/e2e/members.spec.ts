import { randomUUID } from 'node:crypto';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { z } from 'zod';
import { signInViaApi } from './helpers';

const plansResponse = z.object({
  plans: z.array(z.object({ id: z.string(), title: z.string(), partnership: z.object({ id: z.string(), name: z.string() }) })),
});

/** The Bank Road / William Lilley plan and partnership, as the signed-in person's API lists them. */
async function bankRoadPlan(request: APIRequestContext) {
  const { plans } = plansResponse.parse(await (await request.get('/api/v1/plans')).json());
  const plan = plans.find((p) => /Bank Road/.test(p.partnership.name));
  if (!plan) throw new Error('the Bank Road / William Lilley plan is not listed');
  return plan;
}

test('an admin invites a person, who sets a password and sees the plan until the admin removes them', async ({ browser }) => {
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await signInViaApi(adminPage.request, 'admin@bankroad.example');
  const plan = await bankRoadPlan(adminPage.request);
  const tag = randomUUID().slice(0, 8);
  const email = `new.teacher-${tag}@bankroad.example`;
  const name = `Priya Shah ${tag}`;
  const password = 'a sentence long enough to pass';

  // The admin invites: no SMTP in tests, so the page shows the link to copy.
  await adminPage.goto(`/partnerships/${plan.partnership.id}/members`);
  await expect(adminPage.getByRole('heading', { level: 1 })).toContainText(plan.partnership.name);
  await adminPage.getByRole('textbox', { name: 'Email address' }).fill(email);
  await adminPage.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await adminPage.getByRole('combobox', { name: 'Role', exact: true }).selectOption('staff');
  await adminPage.getByRole('combobox', { name: 'School', exact: true }).selectOption({ label: 'Bank Road Infant and Nursery School' });
  await adminPage.getByRole('button', { name: 'Create invitation link' }).click();
  await expect(adminPage.getByText(`Invitation ready for ${email}.`)).toBeVisible();
  const link = await adminPage.getByTestId('invitation-link').inputValue();
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  await expect(adminPage.getByTestId('pending-invitation').filter({ hasText: email })).toHaveCount(1);

  // The invitee opens the link in a browser of their own and chooses a password.
  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(new URL(link).pathname);
  await expect(inviteePage.getByRole('heading', { level: 1 })).toHaveText(`Join ${plan.partnership.name}`);
  await expect(inviteePage.getByText('Staff at Bank Road Infant and Nursery School')).toBeVisible();
  await inviteePage.getByLabel('Your name').fill(name);
  await inviteePage.getByLabel('Password', { exact: true }).fill(password);
  await inviteePage.getByLabel('Type the password again').fill(`${password} typo`);
  await inviteePage.getByRole('button', { name: 'Create account and join' }).click();
  await expect(inviteePage.getByRole('alert').filter({ hasText: 'not the same' }).first()).toBeVisible();
  await inviteePage.getByLabel('Type the password again').fill(password);
  await inviteePage.getByRole('button', { name: 'Create account and join' }).click();

  // Signed in with the new account, they see the partnership's plan.
  await expect(inviteePage).toHaveURL(/\/$/);
  await expect(inviteePage.getByRole('link', { name: new RegExp(plan.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first()).toBeVisible();
  await inviteePage.goto(`/plans/${plan.id}`);
  await expect(inviteePage.getByRole('heading', { level: 1 })).toContainText(plan.title);
  expect((await inviteePage.request.get(`/api/v1/plans/${plan.id}`)).status()).toBe(200);

  // The link works once.
  const reused = await browser.newContext();
  const reusedPage = await reused.newPage();
  await reusedPage.goto(new URL(link).pathname);
  await expect(reusedPage.getByRole('heading', { name: 'This invitation has already been used' })).toBeVisible();
  await reused.close();

  // They sign in again through the API too: the password they chose works.
  const again = await browser.newContext();
  await signInViaApi(again.request, email, password);
  expect((await again.request.get(`/api/v1/plans/${plan.id}`)).status()).toBe(200);

  // The admin removes them, after confirming.
  await adminPage.reload();
  const row = adminPage.getByTestId('member').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Remove ${name}` }).click();
  await row.getByRole('button', { name: `Yes, remove ${name}` }).click();
  await expect(adminPage.getByTestId('member').filter({ hasText: name })).toHaveCount(0);

  // Their very next request for the plan is a 404, in every session they have.
  expect((await inviteePage.request.get(`/api/v1/plans/${plan.id}`)).status()).toBe(404);
  expect((await again.request.get(`/api/v1/plans/${plan.id}`)).status()).toBe(404);
  const gone = await inviteePage.goto(`/plans/${plan.id}`);
  expect(gone?.status()).toBe(404);

  await again.close();
  await invitee.close();
  await admin.close();
});

test('members who are not admins see the people read-only; the API refuses them changes', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaApi(page.request, 'governor@williamlilley.example');
  const plan = await bankRoadPlan(page.request);
  await page.goto(`/partnerships/${plan.partnership.id}/members`);
  await expect(page.getByTestId('member').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Invite someone' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  const refused = await page.request.post(`/api/v1/partnerships/${plan.partnership.id}/invitations`, {
    data: { email: 'someone@school.example', name: 'Someone', roles: [{ role: 'viewer' }] },
  });
  expect(refused.status()).toBe(403);
  await context.close();
});
