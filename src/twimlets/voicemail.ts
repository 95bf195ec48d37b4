/**
 * The Voicemail twimlet (`/twimlets/voicemail`): greets the caller, records a message, thanks
 * them and hangs up. https://www.twilio.com/labs/twimlets/voicemail
 *
 * Parameters: `Message` (text or audio URL; default "Please leave a message after the beep."),
 * `Transcribe` (default true: `<Record transcribe>` with the transcription posted back here) and
 * `Email`. twimlets.com e-mailed the recording (and its transcription) to `Email`; Dialtone
 * sends no e-mail: `Email` is accepted and ignored, and the recording is found through the
 * Recordings API (and the transcription through Transcriptions) as for any `<Record>`.
 *
 * Steps, in the order twimlets.com's voicemail.php tested them: a transcription callback
 * (`TranscriptionStatus` completed or failed) gets an empty `<Response/>`; the return from
 * `<Record>` (`RecordingUrl`) says "Thanks. Good bye." and hangs up; anything else greets and
 * records, with the `<Record>` action back here. No I/O.
 */
import { voiceResponse } from '../twiml/index.js';
import type { TwimletParams } from './params.js';
import { addPrompt } from './prompt.js';

const OWN = ['Email', 'Message', 'Transcribe'];
const GREETING = 'Please leave a message after the beep.';

/** The voicemail step for this request. */
export function voicemailTwiml(params: TwimletParams): string {
  const transcription = params.text('TranscriptionStatus').toLowerCase();
  if (transcription === 'completed' || transcription === 'failed') return voiceResponse().toString();
  if (params.text('RecordingUrl') !== '') return voiceResponse().say('Thanks. Good bye.').hangup().toString();
  const response = voiceResponse();
  addPrompt(response, params.text('Message'), GREETING);
  const self = params.selfUrl('voicemail', OWN);
  const transcribe = params.text('Transcribe') === '' || params.text('Transcribe').toLowerCase() === 'true';
  return response.record(transcribe ? { action: self, transcribe: true, transcribeCallback: self } : { action: self }).toString();
}
