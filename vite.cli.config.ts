// Builds the Node entry points (CLI, benchmarks, soak) into plain ESM files that run with `node`.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        comfywatch: resolve('src/cli/main.ts'),
        bench: resolve('bench/bench.ts'),
        soak: resolve('bench/soak.ts'),
        'sim-host': resolve('bench/sim-host.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
