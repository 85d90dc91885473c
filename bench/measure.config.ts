import { defineConfig } from 'vitest/config';

// For one-off measurements (bench/*.measure.ts): never part of `npm test`.
export default defineConfig({ test: { include: ['bench/*.measure.ts'], environment: 'node' } });
