/**
 * Writes packages/sdk/src/generated/openapi.ts from the server's OpenAPI document.
 *
 *   npm run -w @mailwarden/sdk generate                 # builds the app in-process (SQLite in a temp dir)
 *   node packages/sdk/scripts/generate-types.ts --url http://localhost:3000/v1/openapi.json
 *   node packages/sdk/scripts/generate-types.ts --file openapi.json
 *   node packages/sdk/scripts/generate-types.ts --check # exit 1 when the checked-in file is stale
 *
 * The in-process build uses the test helper (a fresh migrated SQLite database in a temporary directory),
 * the same document a running server serves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateTypes, type OpenApiDocument } from './openapi-to-ts.ts';

export const GENERATED_FILE = path.join(import.meta.dirname, '..', 'src', 'generated', 'openapi.ts');

/** The document of an app built in this process from this checkout's source. */
export async function inProcessDocument(): Promise<OpenApiDocument> {
  const { createTestApp } = await import('../../../test/support/app.ts');
  const t = await createTestApp();
  try {
    const response = await t.app.inject({ method: 'GET', url: '/v1/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`GET /v1/openapi.json answered ${response.statusCode}: ${response.body.slice(0, 200)}`);
    return response.json() as OpenApiDocument;
  } finally {
    await t.close();
  }
}

async function documentFrom(args: string[]): Promise<OpenApiDocument> {
  const url = args[args.indexOf('--url') + 1];
  if (args.includes('--url') && url !== undefined) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}; is the server running, and is that its /v1/openapi.json?`);
    return (await response.json()) as OpenApiDocument;
  }
  const file = args[args.indexOf('--file') + 1];
  if (args.includes('--file') && file !== undefined) return JSON.parse(fs.readFileSync(file, 'utf8')) as OpenApiDocument;
  return inProcessDocument();
}

async function main(args: string[]): Promise<number> {
  const source = generateTypes(await documentFrom(args));
  if (args.includes('--check')) {
    const current = fs.existsSync(GENERATED_FILE) ? fs.readFileSync(GENERATED_FILE, 'utf8') : '';
    if (current === source) return 0;
    process.stderr.write(`${GENERATED_FILE} is out of date with the OpenAPI document; run: npm run -w @mailwarden/sdk generate\n`);
    return 1;
  }
  fs.mkdirSync(path.dirname(GENERATED_FILE), { recursive: true });
  fs.writeFileSync(GENERATED_FILE, source);
  process.stdout.write(`wrote ${path.relative(process.cwd(), GENERATED_FILE)} (${source.length} characters)\n`);
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`generate-types failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
