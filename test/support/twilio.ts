/** The official npm `twilio` SDK, pointed at a test platform exactly as users point it. */
import twilio from 'twilio';

export type TwilioClient = ReturnType<typeof twilio>;

export function sdkClient(url: string, username: string, password: string, accountSid?: string): TwilioClient {
  const client = twilio(username, password, accountSid ? { accountSid } : {});
  client.api.baseUrl = url;
  return client;
}

/** The Twilio error code an SDK call rejected with (RestException.code). */
export async function twilioCode(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    return (err as { code?: number }).code;
  }
  throw new Error('expected the call to be refused');
}
