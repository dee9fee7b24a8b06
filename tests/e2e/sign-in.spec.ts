import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from './helpers';

test('the sign-in form refuses a wrong password with a clear message, then lets the head in', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Email address').fill('head@williamlilley.example');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your plans' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Collaboration Action Plan/ }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('the sign-in page lists the demo accounts in demo mode', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByText('head@bankroad.example')).toBeVisible();
  await expect(page.getByText('head@chaselane.example')).toBeVisible();
});
