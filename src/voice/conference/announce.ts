/**
 * Announcements (`AnnounceUrl` on a conference or a participant): the TwiML (or audio) at the
 * URL, played to the members it is for while they stay in the room. Only `<Say>`, `<Play>` and
 * `<Pause>` play; any other verb is skipped with Twilio's 13238.
 */
import type { Leg } from '../../network/leg.js';
import type { Store } from '../../store/index.js';
import type { VoiceResponse } from '../../twiml/index.js';
import type { Webhooks } from '../../webhooks/index.js';
import { raiseAlert } from '../../webhooks/journal.js';
import { audioDocument, isAudioUrl } from '../sources.js';
import type { ConferenceRoom, Member, Music } from './room.js';

/** Plays an announcement's verbs on one leg, until they are done or `signal` aborts. */
export async function playAnnouncement(document: VoiceResponse, leg: Leg, signal: AbortSignal): Promise<void> {
  for (const verb of document.verbs) {
    if (signal.aborted || !leg.live) return;
    // An announcement is heard once: loop="0" (for ever elsewhere) plays it once here.
    const times = verb.verb === 'Say' || verb.verb === 'Play' ? Math.max(1, verb.loop) : 1;
    for (let i = 0; i < times; i++) {
      if (verb.verb === 'Say') await leg.say(verb.text, { voice: verb.voice, language: verb.language }, signal);
      else if (verb.verb === 'Play' && verb.url !== null) await leg.play(verb.url, signal);
      else if (verb.verb === 'Play' && verb.digits !== null) await leg.playDigits(verb.digits, signal);
      else if (verb.verb === 'Pause') await leg.pause(verb.length * 1000, signal);
    }
  }
}

/** Fetches the announcement and plays it to `members`; the fetch's error code when it could not be had. */
export async function announce(deps: { readonly store: Store; readonly webhooks: Webhooks }, room: ConferenceRoom, music: Music, members: readonly Member[]):
  Promise<{ readonly ok: true } | { readonly ok: false; readonly code: number }> {
  let document: VoiceResponse;
  if (isAudioUrl(music.url)) {
    document = audioDocument(music.url, 1);
  } else {
    const fetched = await deps.webhooks.fetchTwiml({
      kind: 'voice', url: music.url, method: music.method, fallbackUrl: null, fallbackMethod: 'POST', params: room.params(),
      account: { sid: room.account.sid, authToken: room.account.authToken }, resourceSid: room.sid,
    });
    if (!fetched.ok) return { ok: false, code: fetched.code };
    document = fetched.document;
  }
  const invalid = document.verbs.filter((v) => v.verb !== 'Say' && v.verb !== 'Play' && v.verb !== 'Pause').map((v) => `<${v.verb}>`);
  if (invalid.length > 0) {
    await raiseAlert(deps.store.db, { accountSid: room.account.sid, resourceSid: room.sid, purpose: 'voice' }, {
      code: 13238, message: `Announcement TwiML may use only <Say>, <Play> and <Pause>; ${invalid.join(', ')} skipped.`, level: 'warning', exchange: null,
    });
  }
  await Promise.all(members.map((m) => playAnnouncement(document, m.leg, m.gone.signal)));
  return { ok: true };
}
