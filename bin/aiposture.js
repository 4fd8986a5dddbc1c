#!/usr/bin/env node
// Installed packages run the compiled JavaScript; a source checkout without a build
// falls back to the TypeScript entry point (Node >= 22.18 strips types natively).
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const compiled = new URL('../dist/src/cli.js', import.meta.url);
await import(existsSync(compiled) ? compiled.href : new URL('../src/cli.ts', import.meta.url).href);
