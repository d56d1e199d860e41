/**
 * `mailwarden <command> --help`: what each command does, its options with their defaults, and
 * examples to copy.
 */
export const COMMAND_HELP: Record<string, string> = {
  serve: `Usage: mailwarden serve [--role api|smtp|worker[,…]]

Runs the server until SIGINT/SIGTERM: the HTTP API (PORT), the SMTP server for honeypot domains
(SMTP_PORT) and the background worker. Without --role all three run in this one process.

Examples:
  mailwarden serve
  mailwarden serve --role api,worker
  DATABASE_URL=postgres://mw@db/mailwarden mailwarden serve --role smtp`,

  migrate: `Usage: mailwarden migrate [--json]

Applies pending database migrations (SQLite in DATA_DIR, or PostgreSQL at DATABASE_URL). The server
also does this when it starts.

Options:
  --json   print {"engine", "applied": [names]}

Examples:
  mailwarden migrate
  DATABASE_URL=postgres://mw@localhost/mailwarden mailwarden migrate --json`,

  users: `Usage: mailwarden users create --email EMAIL [--plan free|pro|enterprise] [--role user|admin] [--name NAME] [--json]

Creates an account. Defaults: --plan free, --role user, no name.

Options:
  --json   print the user as JSON: {"id", "email", "name", "plan", "role", "created_at"}

Examples:
  mailwarden users create --email you@example.com --plan pro --role admin
  mailwarden users create --email analyst@example.com --name "SOC analyst" --json`,

  keys: `Usage: mailwarden keys create --user EMAIL --permissions SCOPE[,SCOPE…] [--name NAME] [--json]

Creates an API key for an existing user and prints it once (only its hash is stored). Scopes: read,
write (Deliverability API; they also grant the Threat API's *:read / *:write scopes), emails:read,
emails:write, honeypots:read, honeypots:write, reports:read, reports:write, webhooks:manage,
users:read, users:write, keys:manage, analytics:read. Default name "CLI key".

Options:
  --json   print {"key_id", "key", "name", "permissions", "user"}

Examples:
  KEY=$(mailwarden keys create --user you@example.com --permissions read,write)
  mailwarden keys create --user you@example.com --permissions emails:read,analytics:read --name grafana --json`,

  analyze: `Usage: mailwarden analyze PATH… [--json] [--csv FILE] [--threads N]

Scores mail offline (no server, no database, no DNS): .eml files, directories of them (searched
recursively) and mbox files. Progress goes to stderr (a bar on a terminal, else a line per 100
messages); each message's verdict and a summary table to stdout.

Options:
  --json       one JSON line per message (file, scores, classification, indicators, IOCs) instead
  --csv FILE   also write one CSV row per message to FILE
  --threads N  worker threads (default: every core)

Examples:
  mailwarden analyze suspicious.eml
  mailwarden analyze ~/Mail/Junk.mbox --csv junk.csv
  mailwarden analyze inbox-export/ --json > verdicts.jsonl`,

  import: `Usage: mailwarden import PATH… --honeypot ADDRESS [--json] [--restart] [--concurrency N]

Loads an archive (an mbox file, or .eml files and directories of them) into a honeypot through the
same pipeline as SMTP and POST /v1/emails; the worker of a running server (or the next
\`mailwarden serve\`) analyses the messages. A message the honeypot already holds (same Message-ID
and same content SHA-256) is skipped, so running the import again is safe. An interrupted import
(Ctrl-C, a crash) resumes where it stopped: its position is kept in DATA_DIR/imports/.

Options:
  --honeypot ADDRESS  the receiving honeypot (required; it must exist and be active)
  --json              print the final counts as JSON (they cover the whole archive, earlier
                      interrupted runs included)
  --restart           ignore the saved position and read the archive from the start
                      (messages already imported are still skipped)
  --concurrency N     messages stored at once (default 4)

Examples:
  mailwarden import ~/Mail/Spam.mbox --honeypot trap@honeypots.example.com
  mailwarden import exported-eml/ --honeypot billing@honeypots.example.com --json`,

  dns: `Usage: mailwarden dns check DOMAIN [--ip IP] [--selector S[,S…]] [--json]

SPF, DKIM, DMARC, MX and PTR findings for a domain, live (no server, no database). Exit 1 when
something must be fixed. DNS_SERVERS and DNS_TIMEOUT_MS apply.

Examples:
  mailwarden dns check example.com
  mailwarden dns check example.com --ip 203.0.113.7 --selector s1,google --json`,

  blacklist: `Usage: mailwarden blacklist check IP [--domain DOMAIN] [--json]

Scans the DNS blacklists (DNSBL_LISTS, DNSBL_DOMAIN_LISTS) for an IP and optionally a domain.
Exit 1 when listed.

Examples:
  mailwarden blacklist check 203.0.113.7
  mailwarden blacklist check 203.0.113.7 --domain example.com --json`,

  demo: `Usage: mailwarden demo [--smtp HOST:PORT] [--json] [--seed N] [--out DIR] [--timeout SECONDS] [--rotate-key]

Fills the configured database with sample data, like a staging environment: a demo user
(demo@<first HONEYPOT_DOMAINS domain, or example.com>, plan pro), an API key with every Threat and
Deliverability scope, 10 honeypots, and 100 sample emails (newsletters, transactional mail, spam,
look-alike-domain phishing, macro documents, EICAR, HTML smuggling, QR phishing, and a campaign sent
to several honeypots) written for this project (demo/). The emails go through the real SMTP path and
are analysed like real mail; the command waits until all are analysed and prints a summary.

By default (no --smtp) it runs the SMTP server and the analysis worker itself, on a free loopback
port, for as long as it needs them. With --smtp it sends to a server that is already running
(\`mailwarden serve\` on the same database) and waits for that server's worker.

Running it again reuses the user, the key and the honeypots and sends only what is missing. The
key is printed only when it is created (or with --rotate-key, which replaces it).

Options:
  --smtp HOST:PORT   send to this running server instead of starting one (e.g. 127.0.0.1:2525)
  --json             print {"user", "api_key", "base_url", "honeypots", "emails_sent", "summary"}
  --seed N           another set of variations (default 20260311)
  --out DIR          also write the 100 messages as .eml files into DIR
  --timeout SECONDS  how long to wait for the analysis (default 300)
  --rotate-key       replace the demo key and print the new one

Examples:
  HONEYPOT_DOMAINS=honeypots.example.com mailwarden demo
  mailwarden demo --smtp 127.0.0.1:2525 --json`,
};

export function commandHelp(command: string): string | undefined {
  return COMMAND_HELP[command];
}
