import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-output/vitest-report.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // electron-store imports electron from node_modules; inline it so vi.mock('electron') reaches it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
