/**
 * The loopback mail + DNS harness (test/harness/start.sh): Postfix, Dovecot and Unbound on 127.0.0.1.
 *
 * `loadHarness()` reads `test/harness/run/harness.json`, which start.sh writes once every daemon
 * answers, and returns null when the harness is not running. Harness tests (`*.harness.ts`, run by
 * `npm run test:harness`) call `requireHarness(t)` first: it skips the test with instructions, or
 * fails it when `MAILWARDEN_HARNESS_REQUIRED=1` (CI), so a broken harness can never pass as "skipped".
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';

export interface HarnessUser {
  address: string;
  password: string;
}

export interface Harness {
  /** Always 127.0.0.1. */
  host: string;
  ports: {
    /** Postfix submission: AUTH required, STARTTLS offered. */
    submission: number;
    /** Postfix "MX": no AUTH, accepts only the test domains. */
    mx: number;
    /** Dovecot IMAP (STARTTLS) and IMAPS (implicit TLS). */
    imap: number;
    imaps: number;
    lmtp: number;
    /** Unbound: authoritative for the test zones, REFUSED for anything else. */
    dns: number;
    /** Unbound that drops every query: a resolver that never answers. */
    dnsSilent: number;
  };
  /** `ip:port` strings for DNS_SERVERS. */
  dnsServer: string;
  dnsSilentServer: string;
  /** The self-signed certificate every TLS listener uses. */
  caFile: string;
  /** DKIM private keys: `<keyDir>/<domain>.<selector>.key`. */
  dkim: { selector: string; keyDir: string };
  /** Argument vector of unbound-control for this Unbound (`[command, ...args]`) to change records live. */
  unboundControl: string[];
  /** Maildir root: `<mailRoot>/<domain>/<local part>`. */
  mailRoot: string;
  users: HarnessUser[];
}

const HARNESS_JSON = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'harness', 'run', 'harness.json');
const START_HINT = 'start it as root with `bash test/harness/start.sh` (stop it with `bash test/harness/stop.sh`)';

interface HarnessFile {
  host: string;
  ports: Harness['ports'];
  caFile: string;
  dkim: Harness['dkim'];
  unboundControl: string;
  mailRoot: string;
  users: HarnessUser[];
}

/** The running harness, or null when start.sh has not written harness.json (or stop.sh ran). */
export function loadHarness(file = process.env.HARNESS_JSON ?? HARNESS_JSON): Harness | null {
  let parsed: HarnessFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as HarnessFile;
  } catch {
    return null;
  }
  // stop.sh leaves harness.json behind; the recorded PIDs say whether the daemons still run.
  if (!pidsAlive(path.join(path.dirname(file), 'pids'))) return null;
  return {
    host: parsed.host,
    ports: parsed.ports,
    dnsServer: `${parsed.host}:${parsed.ports.dns}`,
    dnsSilentServer: `${parsed.host}:${parsed.ports.dnsSilent}`,
    caFile: parsed.caFile,
    dkim: parsed.dkim,
    unboundControl: parsed.unboundControl.split(/\s+/).filter((part) => part !== ''),
    mailRoot: parsed.mailRoot,
    users: parsed.users,
  };
}

function pidsAlive(dir: string): boolean {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((name) => name.endsWith('.pid'));
  } catch {
    return false;
  }
  if (files.length === 0) return false;
  return files.every((name) => {
    const pid = fs.readFileSync(path.join(dir, name), 'utf8').replace(/\D/g, '');
    try {
      // Field 3 of /proc/PID/stat is the state; an orphaned daemon may linger as a zombie (Z).
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
    } catch {
      return false;
    }
  });
}

/**
 * The harness for a test, or null after skipping it (the caller returns).
 * With MAILWARDEN_HARNESS_REQUIRED=1 a missing harness fails the test instead.
 */
export function requireHarness(t: TestContext): Harness | null {
  const harness = loadHarness();
  if (harness !== null) return harness;
  if (process.env.MAILWARDEN_HARNESS_REQUIRED === '1') {
    throw new Error(`The mail/DNS harness is not running but MAILWARDEN_HARNESS_REQUIRED=1: ${START_HINT}.`);
  }
  t.skip(`mail/DNS harness not running; ${START_HINT}`);
  return null;
}

/** The password start.sh gave a harness user. */
export function harnessPassword(harness: Harness, address: string): string {
  const user = harness.users.find((u) => u.address === address);
  if (user === undefined) throw new Error(`The harness has no user ${address}; see HARNESS_USERS in test/harness/start.sh.`);
  return user.password;
}

/** The trusted CA certificate (PEM) for the harness's TLS listeners. */
export function harnessCa(harness: Harness): Buffer {
  return fs.readFileSync(harness.caFile);
}

/** Runs unbound-control against the harness's Unbound, e.g. `['local_data', 'x.alpha.test. 60 IN A 127.0.0.9']`. */
export async function unboundControl(harness: Harness, args: string[]): Promise<string> {
  const [command, ...base] = harness.unboundControl;
  if (command === undefined) throw new Error('harness.json has no unboundControl command.');
  const { stdout } = await promisify(execFile)(command, [...base, ...args]);
  return stdout;
}
