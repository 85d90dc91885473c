import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const r = (p: string) => resolve(import.meta.dirname, p);

// Our folders are not electron-vite's defaults, so every input is named here.
export default defineConfig({
  main: {
    build: {
      outDir: r('out/main'),
      rollupOptions: {
        input: {
          index: r('src-main/app/index.ts'),
          cli: r('src-main/cli/index.ts'),
          runner: r('src-main/host/engine/runner-process.ts'),
          'run-worker': r('src-main/host/engine/run-worker.ts'),
          'toolchain-worker': r('src-main/toolchains/worker.ts'),
          bench: r('bench/run.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: r('out/preload'),
      rollupOptions: {
        input: { index: r('src-main/preload/index.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: r('src-renderer'),
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir: r('out/renderer'),
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: { index: r('src-renderer/index.html'), 'engine-host': r('src-renderer/engine-host.html') } },
    },
  },
});
