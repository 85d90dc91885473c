#!/usr/bin/env node
// The built CLI lives in out/main (npm run build); this file only finds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('component-studio is not built yet: run "npm run build" in its folder first.');
  process.exit(1);
}
await import(cli);
