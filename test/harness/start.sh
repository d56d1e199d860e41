#!/usr/bin/env bash
# start.sh - real mail (Postfix + Dovecot/LMTP/Sieve) and DNS (Unbound) on loopback
# for tests. Debian 12, run as root, no systemd needed. Everything it writes at
# run time lives under $HARNESS_DIR/run (wiped on every start -> fresh mailboxes).
# Outside that directory it only: apt-get installs packages, adds system user
# "vmail", and (only if absent) drops a temporary /usr/sbin/policy-rc.d while
# installing so that the packages' postinst scripts do not start daemons on
# public ports.
set -euo pipefail

HARNESS_DIR=${HARNESS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
RUN=$HARNESS_DIR/run
SUBMISSION_PORT=${SUBMISSION_PORT:-2525}   # SMTP submission, AUTH required, STARTTLS offered
MX_PORT=${MX_PORT:-2526}                   # SMTP "MX": no AUTH, accepts only for the test domains
IMAP_PORT=${IMAP_PORT:-1143}               # IMAP, STARTTLS offered
IMAPS_PORT=${IMAPS_PORT:-1993}             # IMAP over implicit TLS
LMTP_PORT=${LMTP_PORT:-2424}               # Dovecot LMTP (postfix uses the unix socket)
DNS_PORT=${DNS_PORT:-5353}                 # Unbound, answers the test zones
DNS_SILENT_PORT=${DNS_SILENT_PORT:-5354}   # 2nd Unbound that drops every query (a resolver that never answers)
DKIM_SELECTOR=${DKIM_SELECTOR:-sel1}
# "address:password" pairs; the domains are taken from these addresses.
HARNESS_USERS=${HARNESS_USERS:-"user1@alpha.test:alpha1pw user2@alpha.test:alpha2pw user1@beta.test:beta1pw user2@beta.test:beta2pw user1@gamma.test:gamma1pw user2@gamma.test:gamma2pw catchall@trap.test:trappw"}
CATCHALL_DOMAIN=${CATCHALL_DOMAIN:-trap.test}   # any address @this domain -> catchall@this domain
PACKAGES="postfix dovecot-imapd dovecot-lmtpd dovecot-sieve unbound openssl"

T0=$(date +%s.%N)
ts() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%6.2fs", b-a}'; }
log() { echo "[start $(ts)] $*"; }
die() { echo "[start] ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root"

# alive PID: exists and is not a zombie (an orphaned daemon stays <defunct> until PID 1 reaps it)
alive() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1; [ -n "$st" ] && [ "$st" != Z ]; }
# Refuse to start twice: stop.sh first.
if [ -d "$RUN/pids" ]; then
  for f in "$RUN"/pids/*.pid; do
    [ -e "$f" ] || continue
    if alive "$(tr -dc 0-9 < "$f")"; then die "already running ($f); run stop.sh first"; fi
  done
fi

# ---------------------------------------------------------------- 1. packages
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "installing:$missing"
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; made_policy=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing > "$HARNESS_DIR/apt-install.log" 2>&1 \
    || { [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d; tail -30 "$HARNESS_DIR/apt-install.log"; die "apt-get install failed"; }
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  log "packages installed"
else
  log "packages already installed"
fi

# ---------------------------------------------------------------- 2. system user for mail storage
if ! getent passwd vmail >/dev/null; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vmail
fi
VMAIL_UID=$(id -u vmail)

# ---------------------------------------------------------------- 3. fresh state directory
for port in $SUBMISSION_PORT $MX_PORT $IMAP_PORT $IMAPS_PORT $LMTP_PORT $DNS_PORT $DNS_SILENT_PORT; do
  if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then die "127.0.0.1:$port is already in use"; fi
done
# From here on, a failure stops whatever this run started (PIDs in run/pids).
started_ok=""
on_exit() { if [ -z "$started_ok" ]; then echo "[start] failed - stopping what was started" >&2; "$HARNESS_DIR/stop.sh" >&2 || true; fi; }
trap on_exit EXIT
rm -rf "$RUN"
mkdir -p "$RUN"/{pids,log,tls,dkim,dns,dovecot/sieve,postfix/etc,postfix/spool,postfix/data,mail}
chmod 755 "$RUN" "$RUN"/dovecot "$RUN"/dovecot/sieve "$RUN"/log
chown vmail:vmail "$RUN/mail"
chown postfix:postfix "$RUN/postfix/data"
touch "$RUN/log/postfix.log" "$RUN/log/dovecot.log" "$RUN/log/unbound.log"

# ---------------------------------------------------------------- 4. keys
# Self-signed certificate for every TLS listener; clients can trust it with
# { ca: fs.readFileSync('run/tls/cert.pem') } (or rejectUnauthorized:false).
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=mail.harness.test" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:mail.harness.test" \
  -keyout "$RUN/tls/key.pem" -out "$RUN/tls/cert.pem" 2>/dev/null
chmod 600 "$RUN/tls/key.pem"

DOMAINS=$(for u in $HARNESS_USERS; do a=${u%%:*}; echo "${a#*@}"; done | awk '!s[$0]++' | tr '\n' ' ')
for d in $DOMAINS; do
  openssl genrsa -out "$RUN/dkim/$d.$DKIM_SELECTOR.key" 2048 2>/dev/null
  openssl rsa -in "$RUN/dkim/$d.$DKIM_SELECTOR.key" -pubout -outform DER 2>/dev/null | base64 -w0 > "$RUN/dkim/$d.$DKIM_SELECTOR.pub.b64"
done
# Keys for the DNS-only check domains (no mailboxes): a testing key (t=y), a weak 1024-bit key,
# and an Ed25519 key (DKIM's p= for ed25519 is the raw 32-byte key, the tail of the DER SPKI).
openssl genrsa -out "$RUN/dkim/dkim-testing.test.$DKIM_SELECTOR.key" 2048 2>/dev/null
openssl genrsa -out "$RUN/dkim/dkim-weak.test.$DKIM_SELECTOR.key" 1024 2>/dev/null
for d in dkim-testing.test dkim-weak.test; do
  openssl rsa -in "$RUN/dkim/$d.$DKIM_SELECTOR.key" -pubout -outform DER 2>/dev/null | base64 -w0 > "$RUN/dkim/$d.$DKIM_SELECTOR.pub.b64"
done
openssl genpkey -algorithm ed25519 -out "$RUN/dkim/dkim-ed.test.$DKIM_SELECTOR.key" 2>/dev/null
openssl pkey -in "$RUN/dkim/dkim-ed.test.$DKIM_SELECTOR.key" -pubout -outform DER 2>/dev/null | tail -c 32 | base64 -w0 > "$RUN/dkim/dkim-ed.test.$DKIM_SELECTOR.pub.b64"
chmod 644 "$RUN"/dkim/*

# ---------------------------------------------------------------- 5a. unbound (DNS)
# TXT longer than 255 bytes must be split into several "strings" of one record.
txt_chunks() { local s=$1 out=""; while [ -n "$s" ]; do out="$out \"${s:0:255}\""; s=${s:255}; done; echo "${out# }"; }
{
cat <<EOF
server:
  username: ""
  chroot: ""
  directory: "$RUN/dns"
  pidfile: "$RUN/dns/unbound.pid"
  logfile: "$RUN/log/unbound.log"
  use-syslog: no
  verbosity: 1
  log-queries: yes
  log-replies: yes
  interface: 127.0.0.1@$DNS_PORT
  do-ip4: yes
  do-ip6: no
  do-udp: yes
  do-tcp: yes
  access-control: 127.0.0.0/8 allow
  # Never talk to the outside world: only local zones are answered, the rest is REFUSED.
  outgoing-interface: 127.0.0.1
  do-not-query-localhost: yes
  module-config: "iterator"
  local-zone: "." refuse
  # A zone that never answers (queries silently dropped -> client ETIMEOUT).
  local-zone: "blackhole.test." deny
  # DNSBL (IP) zone: 127.0.0.2 is listed (return codes like Spamhaus' test point), all else NXDOMAIN.
  local-zone: "zen.test." static
  local-data: "zen.test. 60 IN SOA ns.zen.test. hostmaster.zen.test. 1 3600 600 86400 60"
  local-data: "2.0.0.127.zen.test. 60 IN A 127.0.0.2"
  local-data: "2.0.0.127.zen.test. 60 IN A 127.0.0.4"
  local-data: "2.0.0.127.zen.test. 60 IN A 127.0.0.10"
  local-data: '2.0.0.127.zen.test. 60 IN TXT "Listed by harness zen.test, see https://zen.test/query/ip/127.0.0.2"'
  local-data: "10.0.0.127.zen.test. 60 IN A 127.0.0.10"
  local-data: '10.0.0.127.zen.test. 60 IN TXT "harness PBL: 127.0.0.10 is a dynamic IP"'
  # Domain blocklist: spammer.test is listed.
  local-zone: "dbl.test." static
  local-data: "dbl.test. 60 IN SOA ns.dbl.test. hostmaster.dbl.test. 1 3600 600 86400 60"
  local-data: "spammer.test.dbl.test. 60 IN A 127.0.1.2"
  local-data: 'spammer.test.dbl.test. 60 IN TXT "harness DBL: spammer.test is a spam domain"'
EOF
for d in $DOMAINS; do
  pub=$(cat "$RUN/dkim/$d.$DKIM_SELECTOR.pub.b64")
  case "$d" in
    alpha.test) spf="v=spf1 ip4:127.0.0.0/8 -all"; dmarc="v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@alpha.test" ;;
    beta.test)  spf="v=spf1 ip4:127.0.0.1 ~all";  dmarc="v=DMARC1; p=quarantine; pct=100; rua=mailto:dmarc@beta.test" ;;
    gamma.test) spf="v=spf1 include:_spf.gamma.test ?all"; dmarc="" ;;   # no DMARC record on purpose
    *)          spf="v=spf1 ip4:127.0.0.0/8 -all"; dmarc="v=DMARC1; p=none; rua=mailto:dmarc@$d" ;;
  esac
  cat <<EOF
  local-zone: "$d." static
  local-data: "$d. 60 IN SOA ns.$d. hostmaster.$d. 1 3600 600 86400 60"
  local-data: "$d. 60 IN NS ns.$d."
  local-data: "ns.$d. 60 IN A 127.0.0.1"
  local-data: "$d. 60 IN A 127.0.0.1"
  local-data: "$d. 60 IN MX 10 mx.$d."
  local-data: "mx.$d. 60 IN A 127.0.0.1"
  local-data: '$d. 60 IN TXT "$spf"'
  local-data: '$DKIM_SELECTOR._domainkey.$d. 60 IN TXT $(txt_chunks "v=DKIM1; k=rsa; p=$pub")'
EOF
  if [ -n "$dmarc" ]; then echo "  local-data: '_dmarc.$d. 60 IN TXT \"$dmarc\"'"; fi
  if [ "$d" = gamma.test ]; then
    echo "  local-data: '_spf.gamma.test. 60 IN TXT \"v=spf1 ip4:127.0.0.1 -all\"'"
    echo "  local-data: 'revoked._domainkey.gamma.test. 60 IN TXT \"v=DKIM1; k=rsa; p=\"'"
    echo "  local-data: 'double-spf.gamma.test. 60 IN TXT \"v=spf1 -all\"'"
    echo "  local-data: 'double-spf.gamma.test. 60 IN TXT \"v=spf1 +all\"'"
  fi
done
# DNS-only domains and lists for the DNS-auth and DNSBL checks (no mailboxes); see checks-zones.sh.
. "$HARNESS_DIR/checks-zones.sh"
cat <<EOF
remote-control:
  control-enable: yes
  control-interface: "$RUN/dns/unbound.ctl"
  control-use-cert: no
EOF
} > "$RUN/dns/unbound.conf"
unbound-checkconf "$RUN/dns/unbound.conf" >/dev/null

# A second, "silent" resolver: drops every query, so clients time out. (interface-action
# cannot do this on one instance: the built-in "127.0.0.0/8 allow" client ACL always wins.)
cat > "$RUN/dns/unbound-silent.conf" <<EOF
server:
  username: ""
  chroot: ""
  directory: "$RUN/dns"
  pidfile: "$RUN/dns/unbound-silent.pid"
  logfile: "$RUN/log/unbound-silent.log"
  use-syslog: no
  interface: 127.0.0.1@$DNS_SILENT_PORT
  do-ip6: no
  outgoing-interface: 127.0.0.1
  module-config: "iterator"
  local-zone: "." deny
  local-zone: "test." deny
  local-zone: "localhost." deny
EOF
unbound-checkconf "$RUN/dns/unbound-silent.conf" >/dev/null

# ---------------------------------------------------------------- 5b. dovecot (IMAP + LMTP + Sieve + SASL for postfix)
: > "$RUN/dovecot/users"
for u in $HARNESS_USERS; do echo "${u%%:*}:{PLAIN}${u#*:}::::::" >> "$RUN/dovecot/users"; done
chown root:dovecot "$RUN/dovecot/users"; chmod 640 "$RUN/dovecot/users"

cat > "$RUN/dovecot/sieve/before.sieve" <<'EOF'
# Global rule run before any user script: decides "landed in spam".
require ["fileinto"];
if anyof (
    header :contains "X-Spam-Flag" "YES",
    header :is "X-Harness-Route" "junk",
    header :contains "Subject" "[SPAM]"
) {
  fileinto "Junk";
  stop;
}
EOF

cat > "$RUN/dovecot/dovecot.conf" <<EOF
# Stand-alone config: does not include /etc/dovecot/conf.d
instance_name = harness-dovecot
# explicit, so dovecot never resolves the machine's hostname (would hit the system DNS
# if the hostname is not in /etc/hosts)
hostname = mx.harness.test
base_dir = $RUN/dovecot/base
state_dir = $RUN/dovecot/state
protocols = imap lmtp
listen = 127.0.0.1
log_path = $RUN/log/dovecot.log
mail_location = maildir:~/Maildir
first_valid_uid = $VMAIL_UID
last_valid_uid = $VMAIL_UID
default_internal_user = dovecot
default_login_user = dovenull
ssl = yes
ssl_cert = <$RUN/tls/cert.pem
ssl_key = <$RUN/tls/key.pem
ssl_min_protocol = TLSv1.2
# loopback is treated as secure by dovecot anyway; allow AUTH before STARTTLS
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose: no 2 s failure delay and no per-IP auth
# penalty (otherwise every later login from 127.0.0.1 is slowed down by seconds).
auth_failure_delay = 0
lda_mailbox_autocreate = yes
lda_mailbox_autosubscribe = yes
mail_max_userip_connections = 100

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $RUN/dovecot/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $RUN/dovecot/users
  default_fields = uid=vmail gid=vmail home=$RUN/mail/%d/%n
}

namespace inbox {
  inbox = yes
  separator = /
  mailbox Junk {
    special_use = \Junk
    auto = subscribe
  }
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \Trash
    auto = subscribe
  }
  mailbox Archive {
    special_use = \Archive
    auto = create
  }
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
protocol lmtp {
  mail_plugins = \$mail_plugins sieve
  postmaster_address = postmaster@harness.test
}
protocol imap {
  mail_max_userip_connections = 100
}
plugin {
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_before = $RUN/dovecot/sieve/before.sieve
}
EOF
sievec -c "$RUN/dovecot/dovecot.conf" "$RUN/dovecot/sieve/before.sieve"

# ---------------------------------------------------------------- 5c. postfix (SMTP in, LMTP out to dovecot)
# config dir must not contain the queue dir: postfix wants everything under its config dir owned by root
PF=$RUN/postfix/etc
PFQ=$RUN/postfix
: > "$PF/vmailbox"; : > "$PF/virtual"
for u in $HARNESS_USERS; do echo "${u%%:*} OK" >> "$PF/vmailbox"; done
for d in $DOMAINS; do
  first=$(printf '%s\n' $HARNESS_USERS | cut -d: -f1 | awk -F@ -v d="$d" '$2==d{print; exit}')
  echo "postmaster@$d $first" >> "$PF/virtual"
  echo "abuse@$d $first" >> "$PF/virtual"
done
if [ -n "$CATCHALL_DOMAIN" ] && grep -q "^catchall@$CATCHALL_DOMAIN " "$PF/vmailbox"; then
  echo "@$CATCHALL_DOMAIN catchall@$CATCHALL_DOMAIN" >> "$PF/virtual"
fi

cat > "$PF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PFQ/spool
data_directory = $PFQ/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop

myhostname = mx.harness.test
mydomain = harness.test
myorigin = \$myhostname
mydestination =
mynetworks = 127.0.0.0/8
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtpd_banner = \$myhostname ESMTP harness
biff = no
append_dot_mydomain = no
readme_directory = no
smtpd_peername_lookup = no
alias_maps =
alias_database =
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled

virtual_mailbox_domains = $DOMAINS
virtual_mailbox_maps = texthash:$PF/vmailbox
virtual_alias_maps = texthash:$PF/virtual
virtual_transport = lmtp:unix:$RUN/dovecot/base/lmtp
# Nothing ever leaves the machine: any other destination bounces.
default_transport = error:5.7.1 harness: delivery outside the test domains is disabled
relay_transport = \$default_transport
local_transport = \$default_transport

smtpd_tls_cert_file = $RUN/tls/cert.pem
smtpd_tls_key_file = $RUN/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_sasl_type = dovecot
smtpd_sasl_path = $RUN/dovecot/base/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
message_size_limit = 52428800
EOF

cat > "$PF/master.cf" <<EOF
# service type private unpriv chroot wakeup maxproc command + args  (no chroot anywhere)
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$MX_PORT inet n - n - - smtpd
  -o syslog_name=postfix/mx
  -o mynetworks=
  -o smtpd_relay_restrictions=reject_unauth_destination
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
lmtp      unix - - n - - lmtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
# Log file: it must lie under one of maillog_file_prefixes (default "/var, /dev/stdout"),
# otherwise "postfix start" exits 1 without a word. Until postlogd runs, messages of the
# postfix command itself are lost, so start.sh checks the config with postconf first.
postconf -c "$PF" -e "maillog_file_prefixes = /var, /dev/stdout, $RUN/log" "maillog_file = $RUN/log/postfix.log"
# Postfix re-reads main.cf and texthash: maps every 300 ms while their mtime is within the
# last second ("let the file cool down"), which adds ~2 s to startup: backdate them.
touch -d '-10 seconds' "$PF"/*
postconf -c "$PF" -n > "$RUN/log/postconf-n.log" 2>&1 || { cat "$RUN/log/postconf-n.log"; die "bad postfix main.cf"; }
log "configs written"

# ---------------------------------------------------------------- 6. start daemons
record_pid() {  # name pidfile: wait for the daemon's own pid file, copy it to run/pids
  for i in $(seq 100); do [ -s "$2" ] && break; sleep 0.05; done
  [ -s "$2" ] || die "$1 did not write $2 (see $RUN/log)"
  tr -dc '0-9' < "$2" > "$RUN/pids/$1.pid"
}
# Daemons get /dev/null and a log file for stdio: a daemon that kept the caller's stdout/stderr would
# keep a pipe open (`start.sh | tee log` would never finish).
unbound -c "$RUN/dns/unbound.conf" </dev/null >>"$RUN/log/daemons.log" 2>&1 || { tail -3 "$RUN/log/daemons.log" "$RUN/log/unbound.log"; die "unbound failed to start"; }
record_pid unbound "$RUN/dns/unbound.pid"
unbound -c "$RUN/dns/unbound-silent.conf" </dev/null >>"$RUN/log/daemons.log" 2>&1 || { tail -3 "$RUN/log/daemons.log" "$RUN/log/unbound-silent.log"; die "unbound-silent failed to start"; }
record_pid unbound-silent "$RUN/dns/unbound-silent.pid"
dovecot -c "$RUN/dovecot/dovecot.conf" </dev/null >>"$RUN/log/daemons.log" 2>&1 || { tail -3 "$RUN/log/daemons.log" "$RUN/log/dovecot.log"; die "dovecot failed to start"; }
record_pid dovecot "$RUN/dovecot/base/master.pid"
# "postfix start" also creates the queue directories (post-install create-missing).
postfix -c "$PF" start </dev/null > "$RUN/log/postfix-start.log" 2>&1 || {
  cat "$RUN/log/postfix-start.log"; tail -20 "$RUN/log/postfix.log"
  postconf -c "$PF" -e "maillog_file = /dev/stdout"; postfix -c "$PF" check || true   # shows the reason
  die "postfix start failed"; }
record_pid postfix "$PFQ/spool/pid/master.pid"
log "daemons started: unbound=$(cat "$RUN/pids/unbound.pid") unbound-silent=$(cat "$RUN/pids/unbound-silent.pid") dovecot=$(cat "$RUN/pids/dovecot.pid") postfix=$(cat "$RUN/pids/postfix.pid")"

# ---------------------------------------------------------------- 7. wait until they answer
wait_banner() {  # port expected-prefix: read the greeting line of an SMTP/IMAP/LMTP server
  local port=$1 want=$2 line i
  for i in $(seq 200); do
    line=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && read -r -t 2 l <&3 && echo \"\$l\"" 2>/dev/null || true)
    case "$line" in "$want"*) return 0 ;; esac
    sleep 0.05
  done
  die "port $port did not answer with '$want'"
}
wait_banner "$SUBMISSION_PORT" 220
wait_banner "$MX_PORT" 220
wait_banner "$IMAP_PORT" "* OK"
wait_banner "$LMTP_PORT" 220
for i in $(seq 200); do
  unbound-control -c "$RUN/dns/unbound.conf" status >/dev/null 2>&1 && break; sleep 0.05
done
unbound-control -c "$RUN/dns/unbound.conf" status >/dev/null || die "unbound not answering"
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$IMAPS_PORT" 2>/dev/null || die "imaps port $IMAPS_PORT closed"
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$DNS_PORT" 2>/dev/null || die "dns tcp port $DNS_PORT closed"

# ---------------------------------------------------------------- 8. describe the harness for tests
{
  echo "{"
  echo "  \"host\": \"127.0.0.1\","
  echo "  \"ports\": {\"submission\": $SUBMISSION_PORT, \"mx\": $MX_PORT, \"imap\": $IMAP_PORT, \"imaps\": $IMAPS_PORT, \"lmtp\": $LMTP_PORT, \"dns\": $DNS_PORT, \"dnsSilent\": $DNS_SILENT_PORT},"
  echo "  \"caFile\": \"$RUN/tls/cert.pem\","
  echo "  \"dkim\": {\"selector\": \"$DKIM_SELECTOR\", \"keyDir\": \"$RUN/dkim\"},"
  echo "  \"junkRules\": [\"X-Spam-Flag: YES\", \"X-Harness-Route: junk\", \"Subject contains [SPAM]\"],"
  echo "  \"unboundControl\": \"unbound-control -c $RUN/dns/unbound.conf\","
  echo "  \"mailRoot\": \"$RUN/mail\","
  echo "  \"users\": ["
  sep=""
  for u in $HARNESS_USERS; do printf '%s    {"address": "%s", "password": "%s"}' "$sep" "${u%%:*}" "${u#*:}"; sep=$',\n'; done
  echo; echo "  ]"
  echo "}"
} > "$RUN/harness.json"
started_ok=1
log "ready: smtp-submission 127.0.0.1:$SUBMISSION_PORT smtp-mx :$MX_PORT imap :$IMAP_PORT imaps :$IMAPS_PORT lmtp :$LMTP_PORT dns :$DNS_PORT (silent :$DNS_SILENT_PORT); see $RUN/harness.json"
