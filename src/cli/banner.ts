/** What `dialtone start` prints: where the platform is, its credentials, and how to point the SDKs at it. */
import type { Account } from '../store/accounts.js';

export interface BannerInput {
  readonly url: string;
  readonly account: Account;
  readonly created: boolean;
  readonly storage: string;
}

export function renderBanner({ url, account, created, storage }: BannerInput): string {
  const sid = account.sid;
  const token = account.authToken;
  return [
    '',
    `  Dialtone is running at ${url}`,
    `  Console       ${url}/console/   (sign in with the Account SID and Auth Token below)`,
    `  Storage: ${storage}`,
    '',
    `  Account SID   ${sid}${created ? '   (new bootstrap account)' : ''}`,
    `  Auth Token    ${token}`,
    `  API base URL  ${url}`,
    `  Test creds    ${account.testSid} / ${account.testAuthToken}`,
    '',
    '  Node.js (npm install twilio):',
    `    const client = require('twilio')('${sid}', '${token}');`,
    `    client.api.baseUrl = '${url}';`,
    '    client.incomingPhoneNumbers.list().then((numbers) => console.log(numbers.map((n) => n.phoneNumber)));',
    '',
    '  Python (pip install twilio):',
    '    from twilio.rest import Client',
    `    client = Client('${sid}', '${token}'); client.api.base_url = '${url}'`,
    '    print([n.phone_number for n in client.incoming_phone_numbers.list()])',
    '',
  ].join('\n');
}
