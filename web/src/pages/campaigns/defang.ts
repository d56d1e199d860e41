/**
 * Defanged display form of IOCs, the same convention the email detail's `iocs` use (server:
 * src/analysis/links/defang.ts): `https://evil.example/x` → `hxxps://evil[.]example/x`,
 * `192.0.2.1` → `192.0.2[.]1`. Campaign `shared_iocs` come live, so the page defangs them for display.
 */
export function defang(value: string): string {
  const text = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme === null) return defangHost(text);
  const rest = text.slice(scheme[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const fangedScheme = scheme[1]!.replace(/^http/i, (h) => (h === 'HTTP' ? 'HXXP' : 'hxxp')).replace(/^ftp/i, 'fxp');
  return `${fangedScheme}://${defangHost(authority)}${tail}`;
}

/** Brackets the last dot of the host (after any userinfo, before any port); IPv6 colons instead. */
function defangHost(authority: string): string {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? `${authority.slice(0, at).replace(/@/g, '[@]')}[@]` : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostPort.startsWith('[') || /^[0-9a-f]*:[0-9a-f:]*$/i.test(hostPort)) return userinfo + hostPort.replace(/:/g, '[:]');
  const dot = hostPort.lastIndexOf('.');
  return dot < 0 ? userinfo + hostPort : `${userinfo}${hostPort.slice(0, dot)}[.]${hostPort.slice(dot + 1)}`;
}
