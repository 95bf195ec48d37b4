// What the official-SDK suites share: the SDK's builder types, and the one assertion — the
// SDK's document parses, without warnings, to exactly the literal tree the case writes out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import { parseTwiml, type MessagingVerb, type VoiceVerb } from '../../src/twiml/index.js';

export const { VoiceResponse, MessagingResponse } = twilio.twiml;
export type TwilioVoice = InstanceType<typeof VoiceResponse>;
export type TwilioMessaging = InstanceType<typeof MessagingResponse>;

/** Parses what the SDK wrote and compares the document with the literal verbs. */
export function assertParsesTo(xml: string, kind: 'voice' | 'messaging', verbs: readonly (VoiceVerb | MessagingVerb)[]): void {
  const result = parseTwiml(xml, { kind });
  assert.ok(result.ok, `the SDK's document should parse: ${xml}\n${JSON.stringify(result.ok ? [] : result.errors, null, 2)}`);
  assert.deepEqual(result.warnings, [], xml);
  assert.deepEqual(result.document, { kind, verbs }, xml);
}

/** One case: what the SDK is asked to write, and the verbs its document must parse to. */
export interface SdkCase<R, V extends VoiceVerb | MessagingVerb> {
  name: string;
  sdk: (response: R) => void;
  verbs: V[];
}

/** A suite of cases, each written by a fresh SDK response and checked with {@link assertParsesTo}. */
export function describeSdkCases<R extends { toString(): string }, V extends VoiceVerb | MessagingVerb>(
  title: string, kind: 'voice' | 'messaging', create: () => R, cases: readonly SdkCase<R, V>[],
): void {
  describe(title, () => {
    for (const c of cases) {
      test(c.name, () => {
        const response = create();
        c.sdk(response);
        assertParsesTo(response.toString(), kind, c.verbs);
      });
    }
  });
}
