#!/usr/bin/env node
// Entry point for `npx mailwarden …`. Mailwarden's TypeScript runs directly on Node 24+ (type
// stripping); the project's `node` devDependency provides it for npm/npx.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`mailwarden: needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npx mailwarden / npm start), which uses the project's pinned Node.\n`);
  process.exit(1);
}
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
