/**
 * Tree types shared by several verbs and by both vocabularies: `<Parameter>`, `<Redirect>`, and
 * the recording vocabulary.
 */
import type { HttpMethod } from '../attributes.js';

/** Events Twilio can report to a recording status callback. */
export type RecordingEvent = 'in-progress' | 'completed' | 'absent';
/** Whether Twilio trims leading and trailing silence from a recording. */
export type Trim = 'trim-silence' | 'do-not-trim';

/** `<Parameter name value/>`: a custom parameter passed on (Client, Stream, Hangup, Reject). */
export interface ParameterAttributes {
  name: string;
  value: string;
}
/** `<Parameter>` noun. */
export interface Parameter extends ParameterAttributes {
  noun: 'Parameter';
}

/** `<Redirect>` attributes. */
export interface RedirectAttributes {
  method: HttpMethod;
}
/** `<Redirect>`: continue with the TwiML at `url`. */
export interface Redirect extends RedirectAttributes {
  verb: 'Redirect';
  url: string;
}
