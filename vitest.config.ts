import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['main/**/*.test.ts', 'shared/**/*.test.ts', 'test/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}'],
    // Component tests say `// @vitest-environment jsdom` at their top.
    environment: 'node',
    globalSetup: ['test/build-cli.global.ts', 'test/isolated-home.global.ts'],
    // Integration tests spawn real MCP servers; two cores are shared between them.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
