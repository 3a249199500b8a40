import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'platform/**/*.test.ts'],
    environment: 'node',
  },
});
