/** Every migration, in order. Names sort in application order; never rename or edit a shipped one. */
import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as webhooks from './0002-webhooks.js';
import * as jobs from './0003-jobs.js';
import * as messaging from './0004-messaging.js';
import * as voice from './0005-voice.js';
import * as messagingJournal from './0006-messaging-journal.js';
import * as conferences from './0007-conferences.js';
import * as queues from './0008-queues.js';
import * as simIdentities from './0009-sim-identities.js';
import * as messageHistory from './0010-message-history.js';
import * as smsCookies from './0011-sms-cookies.js';
import * as smsCookiesExpiry from './0012-sms-cookies-expiry.js';
import * as simClientPerAccount from './0013-sim-client-per-account.js';
import * as replyRates from './0014-reply-rates.js';
import * as optOutSettings from './0015-opt-out-settings.js';
import * as mediaContent from './0016-media-content.js';
import * as messageCallbackMethod from './0017-message-callback-method.js';
import * as optOutOrder from './0018-opt-out-order.js';
import * as messageFilters from './0019-message-filters.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-webhooks': webhooks,
  '0003-jobs': jobs,
  '0004-messaging': messaging,
  '0005-voice': voice,
  '0006-messaging-journal': messagingJournal,
  '0007-conferences': conferences,
  '0008-queues': queues,
  '0009-sim-identities': simIdentities,
  '0010-message-history': messageHistory,
  '0011-sms-cookies': smsCookies,
  '0012-sms-cookies-expiry': smsCookiesExpiry,
  '0013-sim-client-per-account': simClientPerAccount,
  '0014-reply-rates': replyRates,
  '0015-opt-out-settings': optOutSettings,
  '0016-media-content': mediaContent,
  '0017-message-callback-method': messageCallbackMethod,
  '0018-opt-out-order': optOutOrder,
  '0019-message-filters': messageFilters,
};
