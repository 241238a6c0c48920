#!/usr/bin/env -S node --max-semi-space-size=32
// The `kuaixin` command: runs the server bundle (bin/server-bundle.js), built from src/ on first use,
// so it works right after `npm ci`.
//
// --max-semi-space-size=32 (also in package.json's start script): a message lives a few hundred
// milliseconds, from its submit to its receipt. With V8's default young generation (16 MB halves)
// a collection came every ~90 ms under load and copied most messages twice before promoting them;
// with 32 MB halves most die young, which cut the platform's CPU per message by about a fifth
// (bench/RESULTS.md). It must be given at start: V8 sizes the young generation once.
import { freshServerBundle } from './server-bundle.js';

const { main } = await import(await freshServerBundle());
process.exitCode = await main(process.argv.slice(2));
