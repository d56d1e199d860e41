export { DnsError, DnsResolver, describeFailure, errorCode } from './resolver.ts';
export type { DnsAnswer, DnsNoneCode, DnsRecordType, DnsRecordTypes, DnsResolverOptions, MailauthResolver, MxRecord } from './resolver.ts';
export { expandIPv6, ptrName, reversedLabels, unmapIPv4 } from './reverse.ts';
