/**
 * Reads an S3 bucket listing (`ListBucketResult`) for the hold music twimlet: one bounded GET,
 * the keys of its `<Contents>`. This is the only I/O among the twimlets, and it never throws: a
 * bucket that cannot be read is `null`. Redirects are not followed; a DOCTYPE is refused (so no
 * entity expansion); the body is cut off past MAX_LISTING_BYTES.
 */
import { SaxesParser } from 'saxes';
import { Agent, request } from 'undici';
import { isPrivateAddress, publicOnlyLookup } from '../webhooks/address-policy.js';

/** holdmusic.php gave curl 5 seconds for the listing (CURLOPT_TIMEOUT 5). */
export const LISTING_TIMEOUT_MS = 5000;
/** An S3 listing page holds at most 1,000 keys of at most 1,024 bytes: well under 2 MiB. */
export const MAX_LISTING_BYTES = 2 * 1024 * 1024;
/** At most this many keys are read from a listing (S3's page size). */
const MAX_KEYS = 1000;

/** Reads bucket listings over HTTP. */
export class BucketReader {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly refusePrivate: boolean;

  /** `refusePrivateAddresses`: refuse buckets on loopback and private addresses, as the webhooks do. */
  constructor(options: { refusePrivateAddresses?: boolean; timeoutMs?: number } = {}) {
    const timeout = options.timeoutMs ?? LISTING_TIMEOUT_MS;
    this.timeoutMs = timeout;
    this.refusePrivate = options.refusePrivateAddresses ?? false;
    this.agent = new Agent({
      connect: { timeout, ...(options.refusePrivateAddresses ? { lookup: publicOnlyLookup } : {}) },
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  }

  /** The keys listed at `url`, or null when it cannot be fetched or is not a listing. */
  async keys(url: URL): Promise<string[] | null> {
    // An IP literal is connected to without a lookup, so it is checked here (as the webhooks do).
    if (this.refusePrivate && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) return null;
    try {
      const response = await request(url, { dispatcher: this.agent, method: 'GET', signal: AbortSignal.timeout(this.timeoutMs) });
      if (response.statusCode !== 200) {
        await response.body.dump();
        return null;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = Buffer.from(chunk as Uint8Array);
        size += buffer.length;
        if (size > MAX_LISTING_BYTES) {
          response.body.destroy();
          return null;
        }
        chunks.push(buffer);
      }
      return parseListing(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return null;
    }
  }

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** The `<Key>` of each `<Contents>` of a `ListBucketResult`, or null when the text is not one. */
export function parseListing(xml: string): string[] | null {
  const parser = new SaxesParser();
  const keys: string[] = [];
  const open: string[] = [];
  let root = '';
  let text = '';
  parser.on('doctype', () => { throw new Error('a bucket listing has no DOCTYPE'); });
  parser.on('error', (err) => { throw err; });
  parser.on('opentag', (tag) => {
    if (open.length === 0) root = tag.name;
    open.push(tag.name);
    text = '';
  });
  parser.on('text', (t) => { text += t; });
  parser.on('closetag', (tag) => {
    if (tag.name === 'Key' && open[open.length - 2] === 'Contents' && keys.length < MAX_KEYS) keys.push(text.trim());
    open.pop();
  });
  try {
    parser.write(xml).close();
  } catch {
    return null;
  }
  return root === 'ListBucketResult' ? keys.filter((key) => key !== '') : null;
}
