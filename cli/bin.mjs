#!/usr/bin/env node
// The `ncc-gw` command (package.json "bin"): runs cli/main.ts through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./main.ts');
const chunks = [];
process.exitCode = await run(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: async () => {
    for await (const chunk of process.stdin) chunks.push(chunk);
    return Buffer.concat(chunks);
  },
  now: () => new Date(),
});
