#!/usr/bin/env node
// Installed packages run the compiled JavaScript; a source checkout without a build
// falls back to the TypeScript entry point (Node >= 22.18 strips types natively).
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`aiposture: needs Node.js >= 22.13 (this is ${process.version})\n`);
  process.exit(3);
}

const compiled = new URL('../dist/src/cli.js', import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL('../src/cli.ts', import.meta.url).href);
