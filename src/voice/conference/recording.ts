/**
 * A conference's recording (`<Conference record="record-from-start">`): the room's mix from the
 * conference's start to its end, one channel, stored as a Recording with `conference_sid` and
 * `source: Conference`, `in-progress` meanwhile (the API may pause, resume or stop it), trimmed
 * as `trim` says, with the recording status callbacks Twilio sends for a conference.
 * https://www.twilio.com/docs/voice/twiml/conference#record
 */
import type { Recording } from '../../store/recordings.js';
import type { RecordingService } from '../recordings.js';
import type { ConferenceRecordingSettings, ConferenceRoom, LiveRecording, Member } from './room.js';

/** What the API may make of a live recording (Twilio's Recording update `Status`). */
export type RecordingControl = 'paused' | 'in-progress' | 'stopped';

const DETAILS = { source: 'Conference', track: 'both' } as const;

export class ConferenceRecorder {
  constructor(private readonly recordings: RecordingService) {}

  /** Starts recording the room (the conference is starting), through the leg of the member that started it. */
  async start(room: ConferenceRoom, by: Member, settings: ConferenceRecordingSettings): Promise<void> {
    const recorder = by.leg.recordRoom(room);
    const live: LiveRecording = { row: await this.recordings.begin(room.account, room.sid), recorder, settings, finished: null };
    room.recording = live;
    this.recordings.notify(settings.callback, 'in-progress', room.account, null, live.row, DETAILS);
  }

  /** Pauses (silence, or with `skip` nothing, in the recording), resumes or stops the room's live recording; the row as it is now. */
  async control(room: ConferenceRoom, live: LiveRecording, status: RecordingControl, skip: boolean): Promise<Recording> {
    if (status === 'stopped') return this.stop(room, live);
    if (status === 'paused') live.recorder.pause(skip);
    else live.recorder.resume();
    live.row = await this.recordings.mark(live.row, status);
    return live.row;
  }

  /** Stops the recording (once, whoever asks): its audio stored, or `absent` when nothing was heard, and reported. */
  stop(room: ConferenceRoom, live: LiveRecording): Promise<Recording> {
    live.finished ??= (async () => {
      const audio = live.recorder.stop();
      await this.recordings.mark(live.row, 'stopped');
      live.row = await this.recordings.complete(live.row, await audio, live.settings.trim);
      if (room.recording === live) room.recording = null;
      this.recordings.notify(live.settings.callback, live.row.status === 'absent' ? 'absent' : 'completed', room.account, null, live.row, DETAILS);
      return live.row;
    })();
    return live.finished;
  }
}
