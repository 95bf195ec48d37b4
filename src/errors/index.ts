/**
 * Twilio's error codes, the one registry of every code Dialtone emits, and the error value that
 * carries one. Thrown where input is judged (API edges, the TwiML parser); turned into Twilio's
 * JSON by one handler. Never match errors by their message text: match by `code`.
 *
 * Must never import from any other part of Dialtone.
 */

/** Every Twilio code Dialtone can emit, with Twilio's HTTP status (API codes) and title. */
export const TWILIO_ERRORS = {
  11100: { status: 400, title: 'Invalid URL format' },
  11200: { status: 502, title: 'HTTP retrieval failure' },
  11205: { status: 502, title: 'HTTP connection failure' },
  11206: { status: 502, title: 'HTTP protocol violation' },
  11210: { status: 502, title: 'HTTP bad host name' },
  11215: { status: 502, title: 'HTTP too many redirects' },
  11220: { status: 502, title: 'SSL/TLS handshake error' },
  11750: { status: 502, title: 'TwiML response body too large' },
  11751: { status: 502, title: 'Media Message - Media exceeds messaging provider size limit' },
  12100: { status: 400, title: 'Document parse failure' },
  12200: { status: 400, title: 'Schema validation warning' },
  12300: { status: 502, title: 'Invalid Content-Type' },
  12400: { status: 500, title: 'Internal Failure' },
  13212: { status: 400, title: 'Dial: Invalid timeout value' },
  13214: { status: 400, title: 'Dial: Invalid callerId value' },
  13223: { status: 400, title: 'Dial: Invalid phone number format' },
  13238: { status: 400, title: 'Dial->Conference: Invalid Verb used in waitUrl, holdUrl, or announceUrl TwiML' },
  13310: { status: 400, title: 'Gather: Invalid finishOnKey value' },
  13520: { status: 400, title: 'Say: Invalid text' },
  13612: { status: 400, title: 'Record: Invalid maxLength value' },
  13910: { status: 400, title: 'Pause: Invalid length value' },
  14105: { status: 400, title: 'Invalid statusCallback attribute' },
  14106: { status: 400, title: 'Message Reply TwiML document retrieval limit reached' },
  14107: { status: 400, title: 'SMS send rate limit exceeded' },
  14109: { status: 400, title: 'TwiML Reply message limit exceeded' },
  14204: { status: 400, title: 'Enqueue: Queue name too short' },
  14205: { status: 400, title: 'Enqueue: Queue name too long' },
  14212: { status: 400, title: 'Dial->Queue: queue name too short' },
  14213: { status: 400, title: 'Dial->Queue: queue name too long' },
  15003: { status: 502, title: 'Warning response to callback URL' },
  16020: { status: 400, title: 'Conference is full' },
  16102: { status: 400, title: 'Voice Recording: Unavailable because recording is silent' },
  20001: { status: 400, title: 'Invalid parameter' },
  20003: { status: 401, title: 'Authenticate' },
  20004: { status: 405, title: 'Method not allowed' },
  20005: { status: 401, title: 'Account not active' },
  20008: { status: 403, title: 'Resource not accessible with Test Account Credentials' },
  20009: { status: 400, title: 'Cannot delete this resource before it is complete' },
  20404: { status: 404, title: 'Not found' },
  20429: { status: 429, title: 'Too Many Requests' },
  20500: { status: 500, title: 'Internal server error' },
  21201: { status: 400, title: 'No called number is specified' },
  21205: { status: 400, title: 'Invalid URL' },
  21210: { status: 400, title: "'From' phone number not verified" },
  21211: { status: 400, title: "Invalid 'To' Phone Number" },
  21212: { status: 400, title: "Invalid 'From' Phone Number" },
  21213: { status: 400, title: 'Caller phone number is required' },
  21214: { status: 400, title: "'To' phone number cannot be reached" },
  21215: { status: 400, title: 'Geo Permission configuration is not permitting call' },
  21216: { status: 400, title: 'Account not allowed to call' },
  21217: { status: 400, title: 'Phone number does not appear to be valid' },
  21218: { status: 400, title: 'Invalid ApplicationSid' },
  21220: { status: 400, title: 'Invalid call state' },
  21266: { status: 400, title: "'To' and 'From' numbers cannot be the same" },
  21408: { status: 400, title: 'Permission to send an SMS has not been enabled for the region' },
  21421: { status: 400, title: 'PhoneNumber is invalid' },
  21422: { status: 400, title: 'PhoneNumber is not available' },
  21451: { status: 400, title: 'Invalid area code' },
  21452: { status: 400, title: 'No phone numbers found in area code' },
  21602: { status: 400, title: 'Message body is required' },
  21603: { status: 400, title: "A 'From' or 'MessagingServiceSid' parameter is required" },
  21604: { status: 400, title: "A 'To' phone number is required" },
  21606: { status: 400, title: "The 'From' phone number provided is not a valid message-capable phone number for this account" },
  21609: { status: 400, title: 'Invalid StatusCallback' },
  21610: { status: 400, title: 'Attempt to send to unsubscribed recipient' },
  21611: { status: 400, title: "This 'From' number has exceeded the maximum number of queued messages" },
  21612: { status: 400, title: "The 'To' phone number is not currently reachable via SMS" },
  21614: { status: 400, title: "'To' number is not a valid mobile number" },
  21617: { status: 400, title: 'The concatenated message body exceeds the 1600 character limit' },
  21620: { status: 400, title: 'Invalid media URL(s)' },
  21623: { status: 400, title: 'Number of media files exceeds allowed limit' },
  30003: { status: 400, title: 'Unreachable destination handset' },
  30005: { status: 400, title: 'Unknown destination handset' },
  30006: { status: 400, title: 'Landline or unreachable carrier' },
  30007: { status: 400, title: 'Message filtered' },
  30008: { status: 400, title: 'Unknown error' },
  30036: { status: 400, title: 'Validity Period Expired' },
  30400: { status: 400, title: 'Parameters are not valid' },
  30409: { status: 400, title: 'This message cannot be canceled' },
  35111: { status: 400, title: 'SendAt timestamp is missing' },
  35114: { status: 400, title: 'Scheduling does not support this timestamp' },
  35126: { status: 400, title: 'The ScheduleType value provided is not supported for this channel' },
  90007: { status: 400, title: 'Invalid validity period value' },
} as const satisfies Record<number, { status: number; title: string }>;

export type TwilioErrorCode = keyof typeof TWILIO_ERRORS;

/** The documentation page Twilio links from every error body. */
export function moreInfoUrl(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}

/**
 * An error a user can meet, in Twilio's terms. `message` is a sentence saying what was wrong
 * (Twilio's API messages are sentences, not the code's title).
 *
 * @example
 * throw new TwilioError(21421, `PhoneNumber ${value} is not a valid phone number.`);
 */
export class TwilioError extends Error {
  readonly code: TwilioErrorCode;
  readonly status: number;

  constructor(code: TwilioErrorCode, message?: string, status?: number) {
    super(message ?? TWILIO_ERRORS[code].title);
    this.name = 'TwilioError';
    this.code = code;
    this.status = status ?? TWILIO_ERRORS[code].status;
  }

  get moreInfo(): string {
    return moreInfoUrl(this.code);
  }

  /** Twilio's JSON error body. */
  toJSON(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: this.moreInfo, status: this.status };
  }
}
