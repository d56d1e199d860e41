/**
 * MIME parsing for captured mail: raw bytes in, structured message out, safe on hostile input.
 */
export { parseMessage, type MessageSource } from './parse-message.ts';
export { HeaderBlockReader, parseHeaderBlock } from './header-only.ts';
export { sniffContentType, extensionOf, type SniffResult } from './sniff.ts';
export {
  DEFAULT_PARSE_LIMITS,
  resolveLimits,
  type ParsedAddress,
  type ParsedAttachment,
  type ParsedHeader,
  type MessageHeaders,
  type ParsedMessage,
  type ParseLimits,
  type ParseWarning,
  type ParseWarningCode,
} from './types.ts';
