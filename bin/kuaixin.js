#!/usr/bin/env node
// The `kuaixin` command: runs the server bundle (bin/server-bundle.js), built from src/ on first use,
// so it works right after `npm ci`.
import { freshServerBundle } from './server-bundle.js';

const { main } = await import(await freshServerBundle());
process.exitCode = await main(process.argv.slice(2));
