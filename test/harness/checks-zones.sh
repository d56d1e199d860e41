# checks-zones.sh - sourced by start.sh inside the block that writes unbound.conf: prints the
# DNS-only test zones for the DNS-authentication checks and the DNSBL scans (no mailboxes here).
# Every domain is deliberately broken (or fine) in one way; README.md lists them.
# Uses from start.sh: RUN, DKIM_SELECTOR, txt_chunks.

zone() {  # a static zone: names not given below answer NXDOMAIN
  echo "  local-zone: \"$1.\" static"
  echo "  local-data: \"$1. 60 IN SOA ns.$1. hostmaster.$1. 1 3600 600 86400 60\""
}
rr() { echo "  local-data: \"$1\""; }
txt() { echo "  local-data: '$1. 60 IN TXT $(txt_chunks "$2")'"; }
dkim_pub() { cat "$RUN/dkim/$1.$DKIM_SELECTOR.pub.b64"; }

# ---- SPF ----------------------------------------------------------------------------------------
# 6 includes, each with an "a" mechanism: 12 DNS-querying terms > the limit of 10.
zone spf-lookups.test
txt spf-lookups.test "v=spf1 include:s1.spf-lookups.test include:s2.spf-lookups.test include:s3.spf-lookups.test include:s4.spf-lookups.test include:s5.spf-lookups.test include:s6.spf-lookups.test -all"
for i in 1 2 3 4 5 6; do
  txt "s$i.spf-lookups.test" "v=spf1 a ip4:192.0.2.$i -all"
  rr "s$i.spf-lookups.test. 60 IN A 192.0.2.$i"
done
# Void lookups (names that do not exist): 2 is the most allowed, 3 is a permerror.
zone spf-void2.test
txt spf-void2.test "v=spf1 a:nx1.spf-void2.test a:nx2.spf-void2.test ip4:127.0.0.1 -all"
zone spf-void3.test
txt spf-void3.test "v=spf1 a:nx1.spf-void3.test a:nx2.spf-void3.test a:nx3.spf-void3.test ip4:127.0.0.1 -all"
zone spf-plusall.test
txt spf-plusall.test "v=spf1 +all"
zone spf-neutral.test
txt spf-neutral.test "v=spf1 ip4:127.0.0.1 ?all"
zone spf-double.test
txt spf-double.test "v=spf1 ip4:127.0.0.1 -all"
txt spf-double.test "v=spf1 ip4:127.0.0.2 -all"
zone spf-syntax.test
txt spf-syntax.test "v=spf1 ip4:127.0.0.300 frobnicate:x -all"
zone spf-none.test
txt spf-none.test "site-verification=abc123"
zone spf-redirect.test
txt spf-redirect.test "v=spf1 redirect=_spf.spf-redirect.test"
txt _spf.spf-redirect.test "v=spf1 ip4:127.0.0.1 -all"
zone spf-include-missing.test
txt spf-include-missing.test "v=spf1 include:nothere.spf-include-missing.test -all"

# ---- DMARC --------------------------------------------------------------------------------------
# Policy only at the organisational domain: child.dmarc-sp.test falls back to dmarc-sp.test (sp=none);
# sub.beta.test falls back to beta.test (no sp: the subdomain policy is p).
zone dmarc-sp.test
txt _dmarc.dmarc-sp.test "v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@dmarc-sp.test"
rr "child.dmarc-sp.test. 60 IN A 127.0.0.1"
txt child.dmarc-sp.test "v=spf1 ip4:127.0.0.1 -all"
rr "sub.beta.test. 60 IN A 127.0.0.1"
rr "sub.beta.test. 60 IN MX 10 mx.beta.test."
txt sub.beta.test "v=spf1 ip4:127.0.0.1 -all"
zone dmarc-none.test
txt _dmarc.dmarc-none.test "v=DMARC1; p=none"
zone dmarc-bad.test
txt _dmarc.dmarc-bad.test "v=DMARC1; p=bogus"
zone dmarc-double.test
txt _dmarc.dmarc-double.test "v=DMARC1; p=reject"
txt _dmarc.dmarc-double.test "v=DMARC1; p=none"
zone dmarc-pct.test
txt _dmarc.dmarc-pct.test "v=DMARC1; p=quarantine; pct=20; rua=mailto:dmarc@dmarc-pct.test"

# ---- DKIM ---------------------------------------------------------------------------------------
zone dkim-testing.test
txt "$DKIM_SELECTOR._domainkey.dkim-testing.test" "v=DKIM1; k=rsa; t=y; p=$(dkim_pub dkim-testing.test)"
zone dkim-weak.test
txt "$DKIM_SELECTOR._domainkey.dkim-weak.test" "v=DKIM1; k=rsa; p=$(dkim_pub dkim-weak.test)"
zone dkim-ed.test
txt "$DKIM_SELECTOR._domainkey.dkim-ed.test" "v=DKIM1; k=ed25519; p=$(dkim_pub dkim-ed.test)"
zone dkim-bad.test
txt "$DKIM_SELECTOR._domainkey.dkim-bad.test" "v=DKIM1; k=rsa; p=bm90IGEga2V5"

# ---- MX -----------------------------------------------------------------------------------------
zone nomx.test
rr "nomx.test. 60 IN A 127.0.0.1"
txt nomx.test "v=spf1 ip4:127.0.0.1 -all"
zone nullmx.test
rr "nullmx.test. 60 IN MX 0 ."
zone badmx.test
rr "badmx.test. 60 IN MX 10 nowhere.badmx.test."

# ---- PTR / forward-confirmed reverse DNS for 127.0.0.x (replaces Unbound's default 127 zone) ------
#   127.0.0.1 -> mx.alpha.test -> 127.0.0.1   confirmed
#   127.0.0.3 -> ptr-mismatch.alpha.test -> 127.0.0.33   not confirmed
#   any other 127.0.0.x: no PTR
echo '  local-zone: "127.in-addr.arpa." static'
rr "127.in-addr.arpa. 60 IN SOA ns.alpha.test. hostmaster.alpha.test. 1 3600 600 86400 60"
rr "1.0.0.127.in-addr.arpa. 60 IN PTR mx.alpha.test."
rr "3.0.0.127.in-addr.arpa. 60 IN PTR ptr-mismatch.alpha.test."
rr "ptr-mismatch.alpha.test. 60 IN A 127.0.0.33"

# ---- DNS blacklists -----------------------------------------------------------------------------
V6_LISTED=2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2   # 2001:db8::2, nibbles reversed
# zen.test (declared in start.sh) also answers Spamhaus' error codes for three probe IPs, and lists
# 2001:db8::2. 127.0.0.3 is a CSS listing (code 3).
rr "3.0.0.127.zen.test. 60 IN A 127.0.0.3"
rr "252.0.0.127.zen.test. 60 IN A 127.255.255.252"
rr "254.0.0.127.zen.test. 60 IN A 127.255.255.254"
rr "255.0.0.127.zen.test. 60 IN A 127.255.255.255"
rr "$V6_LISTED.zen.test. 60 IN A 127.0.0.2"
txt "$V6_LISTED.zen.test" "harness zen.test: 2001:db8::2 is listed"
# Eleven more ordinary lists so a scan can use twelve lists, all on this resolver.
for i in 1 2 3 4 5 6 7 8 9 10 11; do
  zone "dnsbl$i.test"
  rr "2.0.0.127.dnsbl$i.test. 60 IN A 127.0.0.2"
  txt "2.0.0.127.dnsbl$i.test" "Listed by dnsbl$i.test"
  rr "$V6_LISTED.dnsbl$i.test. 60 IN A 127.0.0.2"
done
# A list whose domain lapsed and now wildcards every name to a web server: answers outside 127/8.
echo '  local-zone: "broken.test." redirect'
rr "broken.test. 60 IN A 192.0.2.1"
# A Spamhaus mirror that refuses us (as when queried through a public resolver): 127.255.255.254.
echo '  local-zone: "spamhaus-error.test." redirect'
rr "spamhaus-error.test. 60 IN A 127.255.255.254"
# Domain lists: dbl.test (start.sh) + phish.test; SURBL-style bitmask and URIBL-style codes.
rr "phish.test.dbl.test. 60 IN A 127.0.1.4"
zone surbl.test
rr "spammer.test.surbl.test. 60 IN A 127.0.0.80"
zone uribl.test
rr "spammer.test.uribl.test. 60 IN A 127.0.0.2"

# ---- Benchmark zone -----------------------------------------------------------------------------
# Every name under bench.test answers the same records (redirect), so bench/dnsbl.bench.ts can check
# 10,000 distinct domains: SPF, A and MX resolve; DKIM and DMARC lookups find no record of their kind.
echo '  local-zone: "bench.test." redirect'
rr "bench.test. 60 IN A 127.0.0.1"
rr "bench.test. 60 IN MX 10 mx.alpha.test."
txt bench.test "v=spf1 ip4:127.0.0.1 -all"
