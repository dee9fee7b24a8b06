import { type Page, expect, test } from '@playwright/test';
import { planIdOf, signInViaApi } from './helpers';

// One story on the demo plan's Staff strand: a head edits it, a subject lead logs impact on their own
// action and cannot touch another's, and the history shows both with their authors; restore works.
test.describe.configure({ mode: 'serial' });

const STRAND = 'Staff';
const RENAMED = 'Staff development';

async function openPlan(page: Page, email: string): Promise<void> {
  await signInViaApi(page.request, email);
  await page.goto(`/plans/${await planIdOf(page.request, /Bank Road/)}`);
  await expect(page.getByTestId('strand-row').first()).toBeVisible();
}

const strandRow = (page: Page, title: string) => page.getByTestId('strand-row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${title}`) }) });

test('a head teacher renames a strand and adds an action to it', async ({ page }) => {
  await openPlan(page, 'head@bankroad.example');
  await page.getByRole('button', { name: `Edit strand “${STRAND}”` }).click();
  const form = page.getByRole('form', { name: `Edit strand: ${STRAND}` });
  await form.getByLabel('Strand title').fill(RENAMED);
  await form.getByRole('button', { name: 'Save strand' }).click();
  const row = strandRow(page, RENAMED);
  await expect(row).toHaveCount(1);

  await row.getByRole('button', { name: `Add action to strand “${RENAMED}”` }).click();
  const actionForm = page.getByRole('form', { name: `New action in ${RENAMED}` });
  await actionForm.getByLabel('Action', { exact: true }).fill('Subject leads to share one lesson study each this term.');
  await actionForm.getByRole('button', { name: 'Add action', exact: true }).click();
  await expect(row.getByTestId('action').filter({ hasText: 'Subject leads to share one lesson study each' })).toBeVisible();
  // The change is kept after a reload: it went to the server, not only to the page.
  await page.reload();
  await expect(strandRow(page, RENAMED).getByTestId('action').filter({ hasText: 'one lesson study each' })).toBeVisible();
});

test('a subject lead logs impact on their own action and cannot edit another person’s', async ({ page }) => {
  await openPlan(page, 'english@bankroad.example');
  const row = strandRow(page, RENAMED);
  await expect(row.getByRole('button', { name: /^Edit\s+action “English leads to moderate/ })).toBeVisible();
  await expect(row.getByRole('button', { name: /^Edit\s+action “Maths leads to meet/ })).toHaveCount(0);
  await expect(row.getByRole('button', { name: /^Edit strand/ })).toHaveCount(0);

  await row.getByRole('button', { name: `Add impact to strand “${RENAMED}”` }).click();
  const impactForm = page.getByRole('form', { name: `New impact entry in ${RENAMED}` });
  await impactForm.getByRole('textbox', { name: 'What impact has been seen' }).click();
  await page.keyboard.type('Year 2 writing judgements now agree across both schools.');
  await impactForm.getByLabel('About which action (optional)').selectOption({ label: 'English leads to moderate Year 2 writing together at WL.' });
  await impactForm.getByRole('button', { name: 'Add impact entry' }).click();
  await expect(row.getByTestId('impact').filter({ hasText: 'Year 2 writing judgements now agree' })).toBeVisible();

  // The server agrees with the hidden button: editing another person's action is refused.
  const plan = (await (await page.request.get(`/api/v1/plans/${await planIdOf(page.request, /Bank Road/)}`)).json()) as {
    plan: { strands: { title: string; actions: { id: string; text: string; version: number }[] }[] };
  };
  const maths = plan.plan.strands.find((s) => s.title === RENAMED)!.actions.find((a) => a.text.startsWith('Maths leads'))!;
  const refused = await page.request.patch(`/api/v1/actions/${maths.id}`, { data: { version: maths.version, text: 'Mine now' } });
  expect(refused.status()).toBe(403);
});

test('the history shows both people’s changes, and restoring the old title is a new change', async ({ page }) => {
  await openPlan(page, 'head@bankroad.example');
  const row = strandRow(page, RENAMED);
  await row.getByRole('button', { name: /^History\s+of strand/ }).click();
  const panel = page.getByRole('dialog');
  const events = panel.getByTestId('history-event');
  await expect(events.filter({ hasText: 'Rachel Okafor' }).first()).toBeVisible();
  const lead = events.filter({ hasText: 'Year 2 writing judgements now agree' });
  await expect(lead).toHaveCount(1);
  await expect(lead).toContainText('Priya Natarajan');

  const rename = events.filter({ hasText: RENAMED }).filter({ has: page.getByTestId('restore-button') }).first();
  await rename.getByTestId('restore-button').first().click();
  await expect(strandRow(page, STRAND)).toHaveCount(1);
  // The history records it as a restore of Rachel's rename, not as a plain edit.
  await expect(events.first()).toContainText('restored an earlier value of a strand');
  await expect(events.first().getByTestId('restored-from')).toContainText('Restored from Rachel Okafor’s change of');
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(strandRow(page, STRAND)).toHaveCount(1);
  await expect(strandRow(page, RENAMED)).toHaveCount(0);
});
