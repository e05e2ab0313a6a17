import { defineConfig } from 'vitest/config';

// One runner for every layer; the renderer's component tests pick jsdom per file.
export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'platform/src/**/*.test.ts', 'main/**/*.test.ts', 'rules-packs/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'tools/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
