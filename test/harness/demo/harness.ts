// The running harness for the demos (test/support/harness.ts reads run/harness.json written by start.sh).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { harnessCa, harnessPassword, loadHarness, type Harness } from '../../support/harness.ts';

function running(): Harness {
  const found = loadHarness();
  if (found === null) throw new Error('The mail/DNS harness is not running: start it as root with `bash test/harness/start.sh`.');
  return found;
}

export const harness = running();
export const ca = harnessCa(harness);

export function password(address: string): string {
  return harnessPassword(harness, address);
}

export function dkimKey(domain: string): string {
  return readFileSync(path.join(harness.dkim.keyDir, `${domain}.${harness.dkim.selector}.key`), 'utf8');
}

export const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
