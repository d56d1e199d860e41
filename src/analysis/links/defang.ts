/**
 * Defanged display form of IOCs, as threat-intelligence reports write them so nobody clicks by
 * accident: `https://evil.example/x` → `hxxps://evil[.]example/x`, `192.168.1.1` → `192.168.1[.]1`.
 * Only the last dot of the host is bracketed (the common convention); the path is left alone.
 */
export function defang(urlOrDomainOrIp: string): string {
  const value = urlOrDomainOrIp.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (scheme) {
    const rest = value.slice(scheme[0].length);
    const end = rest.search(/[/?#]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const tail = end < 0 ? '' : rest.slice(end);
    const fangedScheme = scheme[1]!.replace(/^http/i, (h) => (h === 'HTTP' ? 'HXXP' : 'hxxp')).replace(/^ftp/i, 'fxp');
    return `${fangedScheme}://${defangHost(authority)}${tail}`;
  }
  return defangHost(value);
}

/** Brackets the last dot of the host part (after any userinfo `@`, before any port). */
function defangHost(authority: string): string {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at).replace(/@/g, '[@]') + '[@]' : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  // IPv6 literal (`[2001:db8::1]`, or bare): its colons are what make it an address.
  if (hostPort.startsWith('[') || /^[0-9a-f]*:[0-9a-f:]*$/i.test(hostPort)) return userinfo + hostPort.replace(/:/g, '[:]');
  const dot = hostPort.lastIndexOf('.');
  if (dot < 0) return userinfo + hostPort;
  return userinfo + hostPort.slice(0, dot) + '[.]' + hostPort.slice(dot + 1);
}
