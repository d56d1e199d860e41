/**
 * The mail/DNS harness for benchmarks that need it: null (after saying why on stderr) when it is not
 * running, or was started before its `bench.test` zone existed.
 */
import { DnsResolver } from '../src/platform/dns/index.ts';
import { loadHarness, type Harness } from '../test/support/harness.ts';

export async function benchHarness(bench: string): Promise<Harness | null> {
  const harness = loadHarness();
  if (harness === null) {
    process.stderr.write(`${bench} skipped: the mail/DNS harness is not running; start it as root with \`bash test/harness/start.sh\`.\n`);
    return null;
  }
  const probe = await new DnsResolver({ servers: [harness.dnsServer], timeoutMs: 1000 }).query('probe.bench.test', 'TXT');
  if (probe.kind !== 'records') {
    process.stderr.write(`${bench} skipped: the harness has no bench.test zone (started before it was added); restart it with test/harness/stop.sh and start.sh.\n`);
    return null;
  }
  return harness;
}
