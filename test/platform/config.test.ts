import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has embedded defaults: SQLite under ./data, port 3000, SMTP 2525', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.smtpPort, 2525);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseEngine, 'sqlite');
    assert.equal(config.dataDir, path.resolve('./data'));
    assert.equal(config.bodyLimitBytes, 1_048_576);
    assert.equal(config.rateLimitEnabled, true);
    assert.deepEqual(config.honeypotDomains, []);
  });

  it('selects PostgreSQL from DATABASE_URL and parses lists', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@localhost:5432/mw',
      HONEYPOT_DOMAINS: 'Traps.Example.com, bait.example.org',
      DNS_SERVERS: '127.0.0.1:5353,::1',
      RATE_LIMIT_ENABLED: 'off',
    });
    assert.equal(config.databaseEngine, 'postgres');
    assert.deepEqual(config.honeypotDomains, ['traps.example.com', 'bait.example.org']);
    assert.deepEqual(config.dnsServers, ['127.0.0.1:5353', '::1']);
    assert.equal(config.rateLimitEnabled, false);
  });

  it('reports every invalid variable at once, each named with what to do', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        SMTP_PORT: '70000',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        HONEYPOT_DOMAINS: 'not a domain',
        RATE_LIMIT_ENABLED: 'maybe',
        MAILWARDEN_SECRET: 'short',
        SMTP_RELAY_URL: 'http://relay',
        BODY_LIMIT_BYTES: '12',
      });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof ConfigError);
    const names = caught.problems.map((p) => p.split(/[=\s]/)[0]);
    assert.deepEqual(names.sort(), [
      'BODY_LIMIT_BYTES',
      'DATABASE_URL',
      'HONEYPOT_DOMAINS',
      'LOG_LEVEL',
      'MAILWARDEN_SECRET',
      'PORT',
      'RATE_LIMIT_ENABLED',
      'SMTP_PORT',
      'SMTP_RELAY_URL',
    ]);
    assert.match(caught.message, /PORT="eighty" must be a whole number from 0 to 65535/);
  });
});
