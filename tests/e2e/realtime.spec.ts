import { type Browser, type BrowserContext, type Locator, type Page, type WebSocketRoute, expect, test } from '@playwright/test';
import { editorText, importFreshPlan, occurrences, planIdOf, signInViaApi } from './helpers';

// Two head teachers of two schools on the same demo plan, each in their own browser: they see each
// other, see where the other is working, see each other's committed changes without reloading,
// and type in the same text at once without losing or doubling a word.

const RACHEL = { email: 'head@bankroad.example', name: 'Rachel Okafor' };
const DANIEL = { email: 'head@williamlilley.example', name: 'Daniel Whitcombe' };

type Visitor = { context: BrowserContext; page: Page };

/** Signs `email` in through the API in a browser context of its own and opens the plan. */
async function openPlanAs(browser: Browser, email: string, planId: string): Promise<Visitor> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInViaApi(page.request, email);
  await page.goto(`/plans/${planId}`);
  await expect(page.getByTestId('strand-row').first()).toBeVisible();
  return { context, page };
}

/** Rachel and Daniel on the Bank Road and William Lilley plan (one id for both, read once). */
async function bothHeads(browser: Browser): Promise<{ planId: string; rachel: Visitor; daniel: Visitor }> {
  const lookup = await browser.newContext();
  await signInViaApi(lookup.request, RACHEL.email);
  const planId = await planIdOf(lookup.request, /Bank Road/);
  await lookup.close();
  const [rachel, daniel] = await Promise.all([openPlanAs(browser, RACHEL.email, planId), openPlanAs(browser, DANIEL.email, planId)]);
  return { planId, rachel, daniel };
}

const strandRow = (page: Page, title: string) =>
  page.getByTestId('strand-row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${title}`) }) });

const presencePerson = (page: Page, name: string) => page.getByTestId('presence-person').filter({ hasText: name });

/** Opens the co-edited key objective of `strand` and answers its form once the editor is editable. */
async function openKeyObjective(page: Page, strand: string): Promise<{ form: Locator; editor: Locator }> {
  await page.getByRole('button', { name: `Edit key objective/action of strand “${strand}”` }).click();
  const form = page.getByRole('form', { name: `Key objective/action: ${strand}` });
  const editor = form.locator('[contenteditable="true"]');
  await expect(editor).toBeVisible();
  return { form, editor };
}


test('each head sees the other in "Who’s here", once however many tabs, and not after they leave', async ({ browser }) => {
  const { planId, rachel, daniel } = await bothHeads(browser);
  await expect(presencePerson(rachel.page, DANIEL.name)).toHaveCount(1);
  await expect(presencePerson(daniel.page, RACHEL.name)).toHaveCount(1);
  await expect(presencePerson(rachel.page, DANIEL.name)).toContainText('Head teacher');
  await expect(presencePerson(daniel.page, DANIEL.name)).toContainText('(you)');

  // A second tab of Daniel's is still one Daniel.
  const secondTab = await daniel.context.newPage();
  await secondTab.goto(`/plans/${planId}`);
  await expect(presencePerson(secondTab, RACHEL.name)).toHaveCount(1);
  await expect(presencePerson(rachel.page, DANIEL.name)).toHaveCount(1);

  // Closing every tab of his: he is gone from Rachel's list within seconds.
  await daniel.context.close();
  await expect(presencePerson(rachel.page, DANIEL.name)).toHaveCount(0);
  await rachel.context.close();
});

test('opening a strand’s key objective puts a marker with that person’s name on the strand for the other', async ({ browser }) => {
  const { rachel, daniel } = await bothHeads(browser);
  const strand = 'Safeguarding';
  await expect(presencePerson(rachel.page, DANIEL.name)).toHaveCount(1);

  const { form } = await openKeyObjective(daniel.page, strand);
  const row = strandRow(rachel.page, strand);
  await expect(row.getByTestId('presence-marker').filter({ hasText: DANIEL.name })).toBeVisible();
  await expect(row.getByTestId('presence-marker')).toContainText('key objective');
  await expect(row.locator('.strand-key').getByTestId('presence-field-marker')).toContainText(DANIEL.name);
  // Nobody else's strand carries his marker.
  await expect(rachel.page.getByTestId('presence-marker').filter({ hasText: DANIEL.name })).toHaveCount(1);

  // Done: he has left the field, and the marker goes.
  await form.getByRole('button', { name: 'Done' }).click();
  await expect(row.getByTestId('presence-marker')).toHaveCount(0);
  await Promise.all([rachel.context.close(), daniel.context.close()]);
});

test('a change committed by one head appears on the other’s page without a reload, also in an open form', async ({ browser }) => {
  const { planId, rachel, daniel } = await bothHeads(browser);
  const strand = 'Parents';
  const plan = (await (await rachel.page.request.get(`/api/v1/plans/${planId}`)).json()) as {
    plan: { strands: { title: string; actions: { id: string; text: string; version: number; status: string }[] }[] };
  };
  const action = plan.plan.strands.find((s) => s.title === strand)?.actions[0];
  expect(action, `an action in ${strand}`).toBeTruthy();
  const target = action!.status === 'blocked' ? { status: 'done', label: 'Done' } : { status: 'blocked', label: 'Blocked' };

  // Daniel has the action's form open, and his page is never reloaded.
  await daniel.page.evaluate(() => document.documentElement.setAttribute('data-loaded-once', 'yes'));
  await daniel.page.locator(`#action-${action!.id}-edit`).click();
  const form = daniel.page.getByRole('form', { name: `Edit action in ${strand}` });
  await form.getByLabel('Action', { exact: true }).fill('Daniel’s draft wording, not saved yet.');

  const response = await rachel.page.request.patch(`/api/v1/actions/${action!.id}`, { data: { version: action!.version, status: target.status } });
  expect(response.status()).toBe(200);

  const item = strandRow(daniel.page, strand).locator(`#action-${action!.id}`);
  await expect(item.locator('.chip--status')).toContainText(target.label);
  await expect(form.getByTestId('conflict-notice')).toContainText('Changed by someone else');
  await expect(form.getByTestId('conflict-notice')).toContainText(`Status: ${target.label}`);
  await expect(form.getByLabel('Action', { exact: true })).toHaveValue('Daniel’s draft wording, not saved yet.');
  await expect(daniel.page.locator('html')).toHaveAttribute('data-loaded-once', 'yes');
  await Promise.all([rachel.context.close(), daniel.context.close()]);
});

test('a change committed after the page was rendered but before its live connection joined appears without a reload', async ({ browser }) => {
  // A plan of its own, so no other test's edit moves the action on meanwhile.
  const planId = await importFreshPlan(browser);
  const lookup = await browser.newContext();
  await signInViaApi(lookup.request, RACHEL.email);
  const plan = (await (await lookup.request.get(`/api/v1/plans/${planId}`)).json()) as {
    plan: { strands: { title: string; actions: { id: string; version: number; status: string }[] }[] };
  };
  const withAction = plan.plan.strands.find((s) => s.actions.length > 0);
  expect(withAction, 'a strand with an action').toBeTruthy();
  const strand = withAction!.title;
  const action = withAction!.actions[0];
  const target = action.status === 'in_progress' ? { status: 'done', label: 'Done' } : { status: 'in_progress', label: 'In progress' };

  // Daniel's page is rendered, but its live connection is held back (as on a slow or busy machine)
  // until Rachel's change has committed, so the change is never broadcast to it.
  const daniel = await browser.newContext();
  const page = await daniel.newPage();
  await signInViaApi(page.request, DANIEL.email);
  const held: WebSocketRoute[] = [];
  let holding = true;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (holding) held.push(ws);
    else ws.connectToServer();
  });
  await page.goto(`/plans/${planId}`);
  const chip = strandRow(page, strand).locator(`#action-${action.id} .chip--status`);
  await expect(chip).toBeVisible();
  await expect(chip).not.toContainText(target.label);
  await expect.poll(() => held.length).toBeGreaterThan(0);
  await page.evaluate(() => document.documentElement.setAttribute('data-loaded-once', 'yes'));

  const response = await lookup.request.patch(`/api/v1/actions/${action.id}`, { data: { version: action.version, status: target.status } });
  expect(response.status()).toBe(200);
  holding = false;
  for (const ws of held) ws.connectToServer();

  await expect(chip).toContainText(target.label);
  await expect(page.locator('html')).toHaveAttribute('data-loaded-once', 'yes');
  await Promise.all([lookup.close(), daniel.close()]);
});

test('both heads type in one key objective at once: the same text in both, each word once, kept after a reload', async ({ browser }) => {
  const { rachel, daniel } = await bothHeads(browser);
  const strand = 'CPD';
  const unique = Date.now().toString(36);
  const rachelWords = `Rachelwrote${unique} first`;
  const danielWords = `Danielwrote${unique} last`;

  const [a, b] = await Promise.all([openKeyObjective(rachel.page, strand), openKeyObjective(daniel.page, strand)]);
  await expect(a.form.getByRole('button', { name: /^Save/ })).toHaveCount(0);
  // Rachel writes at the start, Daniel at the end, at the same moment.
  await a.editor.click();
  await rachel.page.keyboard.press('Control+Home');
  await b.editor.click();
  await daniel.page.keyboard.press('Control+End');
  await Promise.all([rachel.page.keyboard.type(`${rachelWords} `, { delay: 15 }), daniel.page.keyboard.type(` ${danielWords}`, { delay: 15 })]);

  await expect
    .poll(async () => {
      const [left, right] = await Promise.all([editorText(a.editor), editorText(b.editor)]);
      return left === right && occurrences(left, rachelWords) === 1 && occurrences(left, danielWords) === 1;
    })
    .toBe(true);
  const converged = await editorText(a.editor);
  expect(converged.startsWith(rachelWords)).toBe(true);
  expect(converged.endsWith(danielWords)).toBe(true);
  await expect(a.form.getByTestId('collab-status')).toHaveText('Saved');
  await expect(b.form.getByTestId('collab-status')).toHaveText('Saved');

  // Kept: after a reload the shared document still holds both, once each.
  await rachel.page.reload();
  await expect(rachel.page.getByTestId('strand-row').first()).toBeVisible();
  const again = await openKeyObjective(rachel.page, strand);
  await expect.poll(() => editorText(again.editor)).toBe(converged);
  // And the server copied it back to the strand, which Daniel's page shows once saved.
  await again.form.getByRole('button', { name: 'Done' }).click();
  await b.form.getByRole('button', { name: 'Done' }).click();
  await expect(strandRow(daniel.page, strand).locator('.strand-key')).toContainText(rachelWords, { timeout: 20_000 });
  await expect(strandRow(daniel.page, strand).locator('.strand-key')).toContainText(danielWords);
  await Promise.all([rachel.context.close(), daniel.context.close()]);
});

test('a head who loses the connection keeps typing; on reconnect both texts merge and are saved', async ({ browser }) => {
  const { rachel, daniel } = await bothHeads(browser);
  const strand = 'School Council';
  const unique = Date.now().toString(36);
  const offlineWords = `Offlinewords${unique}`;
  const onlineWords = `Onlinewords${unique}`;
  const [a, b] = await Promise.all([openKeyObjective(rachel.page, strand), openKeyObjective(daniel.page, strand)]);

  await rachel.context.setOffline(true);
  await expect(a.form.getByTestId('collab-status')).toContainText('Offline');
  await expect(rachel.page.getByTestId('presence-bar')).toContainText('Reconnecting');
  await a.editor.click();
  await rachel.page.keyboard.press('Control+End');
  await rachel.page.keyboard.type(` ${offlineWords}`);
  await b.editor.click();
  await daniel.page.keyboard.press('Control+Home');
  await daniel.page.keyboard.type(`${onlineWords} `);
  await expect(a.editor).not.toContainText(onlineWords);

  await rachel.context.setOffline(false);
  await expect(b.editor).toContainText(offlineWords, { timeout: 20_000 });
  await expect(a.editor).toContainText(onlineWords);
  await expect.poll(async () => (await editorText(a.editor)) === (await editorText(b.editor))).toBe(true);
  await expect(a.form.getByTestId('collab-status')).toHaveText('Saved');
  await expect(rachel.page.getByTestId('presence-bar')).not.toContainText('Reconnecting');
  await expect(presencePerson(daniel.page, RACHEL.name)).toHaveCount(1);
  await Promise.all([rachel.context.close(), daniel.context.close()]);
});
