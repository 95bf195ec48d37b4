/**
 * TwiML for Dialtone: the parser and validator (text in, a typed tree or positioned Twilio
 * errors out), the typed tree the engines execute, and a builder that writes TwiML the parser
 * reads back unchanged. No I/O anywhere in this module.
 *
 * @example
 * import { parseTwiml, voiceResponse } from '../twiml/index.js';
 *
 * const twiml = voiceResponse().gather({ numDigits: 1, action: '/menu' }, (g) => g.say('Press 1')).toString();
 * const result = parseTwiml(twiml, { kind: 'voice' });
 * if (result.ok) console.log(result.document.verbs[0]?.verb); // "Gather"
 */
export { parseTwiml, type ParseOptions, type ParseResult } from './parse.js';
export { serializeTwiml, escapeAttribute, escapeText } from './serialize.js';
export {
  voiceResponse, messagingResponse, VoiceResponseBuilder, MessagingResponseBuilder, GatherBuilder, DialBuilder,
  type Parameters, type StreamOptions,
} from './builder.js';
export { MAX_TWIML_BYTES, MAX_TWIML_DEPTH, MAX_TWIML_PROBLEMS } from './limits.js';
export {
  ATTRIBUTE_WARNINGS, DOCUMENT_PARSE_FAILURE, SCHEMA_VALIDATION, type AttributeWarningCode, type TwimlProblem, type TwimlProblemCode,
} from './problems.js';
export type { HttpMethod } from './attributes.js';
export type * from './tree/index.js';
