/**
 * The Conference twimlet (`/twimlets/conference`): puts the caller in a conference room, after a
 * pass code when one is set. https://www.twilio.com/labs/twimlets/conference
 *
 * Parameters (the labs page, and conference.php for the behaviour):
 * - `Name`: the room; by default the MD5 of `Message` and the (normalised) moderators, as
 *   conference.php keyed it, so the same twimlet URL always reaches the same room.
 * - `Password`: digits the caller must enter first; the `<Gather>` waits for as many digits as the
 *   pass code, and at least 3, and comes back here.
 * - `Message`: said or played before entering (default "You are now entering the conference line.").
 * - `Music`: one of Twilio's genres (rock, soft-rock, ambient, electronica, guitars, classical),
 *   which becomes the hold music twimlet's URL, or a URL of TwiML or audio; the room's `waitUrl`.
 * - `Moderators[]`: when given, the conference starts only when a moderator (the caller or called
 *   number) joins. With `EnableSmsNotifications` (undocumented, in conference.php), each moderator
 *   is texted when someone else joins.
 * No I/O.
 */
import { createHash } from 'node:crypto';
import { voiceResponse } from '../twiml/index.js';
import type { DialConferenceAttributes } from '../twiml/index.js';
import { callParties, comparableNumber, isListedParty } from './dialling.js';
import type { TwimletParams } from './params.js';
import { addPrompt, isHttpUrl } from './prompt.js';

const OWN = ['Name', 'Password', 'Message', 'Music', 'Moderators', 'EnableSmsNotifications'];
const GENRES = ['classical', 'ambient', 'electronica', 'guitars', 'rock', 'soft-rock'];
const MAX_MODERATORS = 50;

/** The pass-code prompt, while the caller has not entered the right digits. */
function askPassword(params: TwimletParams, password: string): string {
  const self = params.selfUrl('conference', OWN);
  return voiceResponse()
    .gather({ numDigits: Math.max(3, password.length), action: self }, (gather) => gather.say('Please enter your conference pass code'))
    .redirect(self)
    .toString();
}

/** The room's hold music: a genre's bucket through the hold music twimlet, or the URL given. */
function waitMusic(music: string): Partial<DialConferenceAttributes> {
  // conference.php's URL, kept as written: the voice engine serves twimlets.com URLs itself.
  if (GENRES.includes(music)) return { waitUrl: `http://twimlets.com/holdmusic?Bucket=com.twilio.music.${music}`, waitMethod: 'GET' };
  return isHttpUrl(music) ? { waitUrl: music, waitMethod: 'GET' } : {};
}

/** conference.php's default room name: the MD5 of the message and the moderators' digits. */
function defaultName(message: string, moderators: readonly string[]): string {
  return createHash('md5').update(message + moderators.map(comparableNumber).join('')).digest('hex');
}

/** PHP's truthiness, which twimlets.com applied to EnableSmsNotifications (Dialtone also reads "false" as off). */
function isOn(value: string): boolean {
  return value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The conference step for this request. */
export function conferenceTwiml(params: TwimletParams): string {
  const password = params.text('Password');
  if (password !== '' && params.text('Digits') !== password) return askPassword(params, password);
  const moderators = params.list('Moderators').slice(0, MAX_MODERATORS);
  const isModerator = moderators.length > 0 ? isListedParty(params, moderators) : null;
  const response = voiceResponse();
  if (isModerator === false && isOn(params.text('EnableSmsNotifications'))) {
    const caller = params.text('Caller') || callParties(params).from;
    const body = `${caller} has entered your conference.  Call the number this text came from to join.`;
    for (const moderator of moderators) response.message(body, { to: moderator });
  }
  const message = params.text('Message');
  addPrompt(response, message, 'You are now entering the conference line.');
  const name = params.text('Name') || defaultName(message, moderators);
  const attributes: Partial<DialConferenceAttributes> = {
    ...waitMusic(params.text('Music')),
    ...(isModerator === null ? {} : { startConferenceOnEnter: isModerator }),
  };
  return response.dial({}, (dial) => dial.conference(name, attributes)).toString();
}
