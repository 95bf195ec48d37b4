/**
 * `<Sms>` and `<Message>` inside a call: text the caller (by default: from the number called,
 * to the caller), judged like the Messages API. With an `action`, the app is told the outcome
 * (`SmsSid`, `SmsStatus`: `sending`, or `invalid` when refused) and its TwiML continues the
 * call. https://www.twilio.com/docs/voice/twiml/sms
 */
import type { Message, Sms } from '../../twiml/index.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';

export async function message(verb: Sms | Message, ctx: VerbContext): Promise<VerbOutcome> {
  const call = ctx.call;
  const inbound = call.direction === 'inbound';
  const statusCallback = verb.statusCallback === null ? null : await ctx.resolve(verb.statusCallback, `<${verb.verb}> statusCallback`);
  const media: string[] = [];
  for (const m of verb.verb === 'Message' ? verb.media : []) {
    const url = await ctx.resolve(m, '<Media> URL');
    if (url !== null) media.push(url);
  }
  const result = await ctx.sendMessage({
    to: verb.to ?? (inbound ? call.fromNumber : call.toNumber), from: verb.from ?? (inbound ? call.toNumber : call.fromNumber),
    body: verb.body, mediaUrls: media, statusCallback,
  });
  if (!result.ok) await ctx.alert(result.code, `<${verb.verb}> was not sent: ${result.message}`, 'error');
  ctx.trace('message', result.ok ? { sid: result.sid, status: result.status } : { code: result.code, message: result.message });
  if (verb.action === null) return CONTINUE;
  const action = await ctx.resolve(verb.action, `<${verb.verb}> action`);
  if (action === null) return CONTINUE;
  const params = { ...ctx.params(), SmsSid: result.ok ? result.sid : '', SmsStatus: result.ok ? 'sending' : 'invalid' };
  return { next: 'request', url: action, method: verb.method, params };
}
