/**
 * The typed TwiML tree: what the parser returns, the builder writes and the engines execute.
 * Discriminated unions throughout (`verb` for verbs, `noun` for nouns, `tag` for SSML), so an
 * exhaustive `switch` shows every place to handle a new verb. Trees are values: never mutate one.
 */
export type * from './common.js';
export type * from './voice.js';
export type * from './dial.js';
export type * from './messaging.js';
export type * from './ssml.js';
export type * from './documents.js';
