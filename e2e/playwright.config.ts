import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/ensure-chromium.mjs';


export default defineConfig({
  testDir: './cases',
  outputDir: './.work/test-results',
  globalSetup: './global-setup.ts',
  reporter: 'list',
  // Two cores: the cases start browsers, bundlers and Node processes, so one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    trace: 'off',
    screenshot: 'off',
    video: 'off',
  },
});
