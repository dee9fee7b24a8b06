import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 3100);
// Always localhost, never 127.0.0.1: Auth.js rewrites hosts and the cookie would be lost.
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  // In CI (`.ci/run` sets CI=1) a failed test runs once more and is reported as flaky if it then
  // passes: the multi-browser journeys share two cores with the server and the build.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // The real server on a production build, with a fresh in-memory database and the demo data.
    command: 'npx next build && npx tsx server.ts',
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      PGLITE_DIR: 'memory://',
      DATABASE_URL: '',
      JOINTPLAN_DEMO: '1',
      AUTH_SECRET: 'e2e-only-secret-not-for-production-use-0123456789',
    },
  },
});
