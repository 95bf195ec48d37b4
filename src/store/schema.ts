/**
 * The store's tables as kysely sees them. Columns are snake_case in the database and camelCase
 * here (kysely's CamelCasePlugin maps them). Dates are ISO 8601 UTC text (fixed width, so they
 * compare correctly as strings on both dialects); booleans are 0/1 integers.
 */
import type {
  CallTable, CallTraceTable, ConferenceParticipantTable, ConferenceTable, QueueMemberTable, QueueTable, RecordingAudioTable, RecordingTable,
  SimCallEventTable, TranscriptionTable, VoiceEngineTable,
} from './schema-voice.js';

/** The voice tables live in ./schema-voice.ts. */
export type * from './schema-voice.js';

export type AccountStatus = 'active' | 'suspended' | 'closed';
export type HttpMethod = 'GET' | 'POST';

export interface AccountTable {
  sid: string;
  /** The parent's SID for a subaccount; null for a top-level account. */
  parentSid: string | null;
  friendlyName: string;
  status: AccountStatus;
  type: 'Full' | 'Trial';
  authToken: string;
  /** Twilio's test credentials: a second SID/token pair that sends nothing. */
  testSid: string;
  testAuthToken: string;
  dateCreated: string;
  dateUpdated: string;
}

export interface KeyTable {
  sid: string;
  accountSid: string;
  friendlyName: string;
  /** SHA-256 of the secret, hex; the secret itself is shown once, at creation. */
  secretHash: string;
  dateCreated: string;
  dateUpdated: string;
}

/** Voice and SMS routing fields shared by phone numbers and applications. */
export interface RoutingColumns {
  voiceUrl: string | null;
  voiceMethod: HttpMethod;
  voiceFallbackUrl: string | null;
  voiceFallbackMethod: HttpMethod;
  statusCallback: string | null;
  statusCallbackMethod: HttpMethod;
  voiceCallerIdLookup: number;
  smsUrl: string | null;
  smsMethod: HttpMethod;
  smsFallbackUrl: string | null;
  smsFallbackMethod: HttpMethod;
}

export type NumberType = 'local' | 'toll-free' | 'mobile';

export interface IncomingPhoneNumberTable extends RoutingColumns {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  numberType: NumberType;
  isoCountry: string;
  voiceApplicationSid: string | null;
  smsApplicationSid: string | null;
  capVoice: number;
  capSms: number;
  capMms: number;
  capFax: number;
  dateCreated: string;
  dateUpdated: string;
}

export interface ApplicationTable extends RoutingColumns {
  sid: string;
  accountSid: string;
  friendlyName: string;
  smsStatusCallback: string | null;
  messageStatusCallback: string | null;
  publicApplicationConnectEnabled: number;
  dateCreated: string;
  dateUpdated: string;
}

/** Platform-wide settings, such as which account is the bootstrap account. */
export interface SettingTable {
  key: string;
  value: string;
}

/** An alert: a webhook or TwiML failure the user can list (Twilio's Notifications resource). */
export interface NotificationTable {
  sid: string;
  accountSid: string;
  callSid: string | null;
  /** The call or message the alert belongs to, if any. */
  resourceSid: string | null;
  errorCode: number;
  /** Twilio's log level: '0' error, '1' warning. */
  log: '0' | '1';
  messageText: string;
  requestMethod: string | null;
  requestUrl: string | null;
  requestVariables: string | null;
  responseBody: string | null;
  responseHeaders: string | null;
  messageDate: string;
  dateCreated: string;
  dateUpdated: string;
}

/** One webhook request and its response, kept for the call or message trace. */
export interface WebhookRequestTable {
  sid: string;
  accountSid: string;
  resourceSid: string | null;
  purpose: string;
  method: string;
  url: string;
  /** JSON object of the parameters sent. */
  requestParams: string;
  requestHeaders: string;
  attempts: number;
  status: number | null;
  responseHeaders: string | null;
  responseBody: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  durationMs: number;
  startedAt: string;
  dateCreated: string;
}

/** A unit of durable work: pending until claimed, running under a lease, then done or failed. */
export interface JobTable {
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  state: 'pending' | 'running' | 'done' | 'failed';
  runAt: string;
  /** While running: when the claim lapses and another worker may take the job (after a crash). */
  leaseUntil: string | null;
  attempts: number;
  lastError: string | null;
  dateCreated: string;
  dateUpdated: string;
}

export type MessageStatus = 'accepted' | 'scheduled' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'receiving' | 'received' | 'canceled';
export type MessageDirection = 'inbound' | 'outbound-api' | 'outbound-reply';

export interface MessageTable {
  sid: string;
  accountSid: string;
  direction: MessageDirection;
  fromNumber: string;
  toNumber: string;
  body: string;
  status: MessageStatus;
  numSegments: number;
  numMedia: number;
  errorCode: number | null;
  errorMessage: string | null;
  statusCallback: string | null;
  /** POST, or a `<Message action method>` reply's method. */
  statusCallbackMethod: HttpMethod;
  applicationSid: string | null;
  validityPeriod: number | null;
  sendAt: string | null;
  dateSent: string | null;
  dateCreated: string;
  dateUpdated: string;
}

export interface MessageMediaTable {
  sid: string;
  accountSid: string;
  messageSid: string;
  url: string;
  contentType: string;
  dateCreated: string;
  dateUpdated: string;
}

/** A media's content, once copied onto the platform (its type is the media row's content_type). */
export interface MediaContentTable {
  mediaSid: string;
  size: number;
  content: Buffer;
}

/**
 * One thing an inbound message's handling has done (`step`: `keyword` the opt-out reply, `hop:N`
 * the Nth TwiML document fetched (the SMS URL's, a redirect's or an action's), `reply:N.M` the
 * `<Message>` at verb M of it, `done`), with its result (a MessageSid, or a document as JSON),
 * so a repeated job replays instead of redoing.
 */
export interface MessageStepTable {
  messageSid: string;
  step: string;
  result: string;
  dateCreated: string;
}

/** A status a message entered, and when (the console's status history). */
export interface MessageStatusHistoryTable {
  messageSid: string;
  accountSid: string;
  status: MessageStatus;
  at: string;
}

/** An SMS conversation's cookies (tough-cookie's serialized jar), by the inbound messages' From and To. */
export interface SmsCookieTable {
  accountSid: string;
  fromNumber: string;
  toNumber: string;
  jar: string;
  dateUpdated: string;
}

/** A chain of TwiML replies from one number to another (../store/reply-rates.ts). */
export interface ReplyRateTable {
  accountSid: string;
  fromNumber: string;
  toNumber: string;
  chain: number;
  lastAt: string;
  /** Store time until which replies fail with 14107; '' when never blocked. */
  blockedUntil: string;
}

/** Message Feedback: whether the recipient of a message sent with ProvideFeedback=true acted on it. */
export interface MessageFeedbackTable {
  messageSid: string;
  accountSid: string;
  outcome: 'confirmed' | 'unconfirmed';
  dateCreated: string;
  dateUpdated: string;
}

/** A recipient who texted STOP to a sender: no more messages from that sender until START. */
export interface OptOutTable {
  sender: string;
  recipient: string;
  dateCreated: string;
  /** 1 after a STOP, 0 after a START (the row is kept: it orders the keywords). */
  optedOut: number;
  /** When the keyword that last changed the row arrived (its message's date_created): a later one wins. */
  keywordAt: string;
}

/**
 * A number's own opt-out handling; null columns keep Twilio's defaults. Keyword lists are
 * space-separated upper-case words, besides STOP, START or HELP ('' for no others).
 */
export interface OptOutSettingTable {
  phoneNumberSid: string;
  stopKeywords: string | null;
  startKeywords: string | null;
  helpKeywords: string | null;
  stopReply: string | null;
  startReply: string | null;
  helpReply: string | null;
  dateUpdated: string;
}

export interface SimPhoneTable {
  number: string;
  accountSid: string;
  name: string;
  answer: 'answer' | 'busy' | 'no-answer' | 'fail' | 'reject' | 'manual';
  ringSeconds: number;
  /** How the phone takes messages: delivered, or refused with a carrier's error (see src/network/sim/messaging.ts). */
  sms: 'deliver' | 'undeliverable' | 'unreachable' | 'filtered' | 'fail';
  /** JSON array of script steps. */
  script: string;
  /** 1 when an answering machine picks up this phone's calls (for answering machine detection). */
  machine: number;
  /** The SIP URI `<Dial><Sip>` reaches this phone at, normalised to `sip:user@host` in lower case; null when none. */
  sipUri: string | null;
  /** The client identity `<Dial><Client>` reaches this phone as; null when none. */
  clientIdentity: string | null;
  dateCreated: string;
}

export interface SimInboxTable {
  id: string;
  phoneNumber: string;
  direction: 'in' | 'out';
  fromNumber: string;
  toNumber: string;
  body: string;
  /** JSON array of URLs. */
  mediaUrls: string;
  messageSid: string;
  at: string;
}

export interface Database {
  accounts: AccountTable;
  apiKeys: KeyTable;
  incomingPhoneNumbers: IncomingPhoneNumberTable;
  applications: ApplicationTable;
  settings: SettingTable;
  notifications: NotificationTable;
  webhookRequests: WebhookRequestTable;
  jobs: JobTable;
  messages: MessageTable;
  messageMedia: MessageMediaTable;
  mediaContent: MediaContentTable;
  messageSteps: MessageStepTable;
  messageStatusHistory: MessageStatusHistoryTable;
  smsCookies: SmsCookieTable;
  replyRates: ReplyRateTable;
  messageFeedback: MessageFeedbackTable;
  optOuts: OptOutTable;
  optOutSettings: OptOutSettingTable;
  simPhones: SimPhoneTable;
  simInbox: SimInboxTable;
  calls: CallTable;
  recordings: RecordingTable;
  recordingAudio: RecordingAudioTable;
  transcriptions: TranscriptionTable;
  callTrace: CallTraceTable;
  simCallEvents: SimCallEventTable;
  voiceEngines: VoiceEngineTable;
  conferences: ConferenceTable;
  conferenceParticipants: ConferenceParticipantTable;
  queues: QueueTable;
  queueMembers: QueueMemberTable;
}
