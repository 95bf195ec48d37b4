/**
 * Twilio's page-based pagination: `PageSize` (≤ 1000, default 50), `Page`, and an opaque
 * `PageToken` (`PA…` for the page after a row, `PB…` for the page before one), and the list body
 * with exactly one record key plus `first_page_uri`, `next_page_uri`, `previous_page_uri`,
 * `page`, `page_size`, `start`, `end`, `uri`. Next and previous URIs are relative paths that
 * keep the request's filters, as the SDKs resend them verbatim.
 */
import type { FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { Cursor, Page, PageRequest } from '../store/page.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/**
 * Query-string schema for the paging parameters, merged into each list route's schema. Numbers
 * are matched as digits and converted in code: Ajv's number coercion turns "1e400" into
 * Infinity, which then passes its integer and maximum checks.
 */
export const pagingQuery = {
  PageSize: { type: 'string', pattern: '^[0-9]{1,7}$', 'x-code': 20001 },
  Page: { type: 'string', pattern: '^[0-9]{1,7}$', 'x-code': 20001 },
  PageToken: { type: 'string', maxLength: 512, 'x-code': 20001 },
} as const;

export interface PagingParams {
  PageSize?: string;
  Page?: string;
  PageToken?: string;
}

/**
 * The PageSize a request asked for (default 50; 0 is refused). Above 1000 it is 1000, as on
 * Twilio: the SDKs ask for a page the size of a list's `limit` (`list({ limit: 5000 })`) and
 * page on from there.
 */
export function readPageSize(value: string | undefined): number {
  const size = value === undefined ? DEFAULT_PAGE_SIZE : Number(value);
  if (size < 1) throw new TwilioError(20001, `PageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  return Math.min(size, MAX_PAGE_SIZE);
}

interface ParsedPaging extends PageRequest {
  readonly page: number;
  /** The PageToken as received, echoed in the list's `uri`. */
  readonly token: string | undefined;
}

function encodeToken(direction: 'A' | 'B', row: { dateCreated: string; sid: string }): string {
  return `P${direction}${Buffer.from(`${row.dateCreated}|${row.sid}`, 'utf8').toString('base64url')}`;
}

function decodeToken(token: string): Cursor {
  const direction = token.startsWith('PA') ? 'after' : token.startsWith('PB') ? 'before' : null;
  const [dateCreated, sid, extra] = Buffer.from(token.slice(2), 'base64url').toString('utf8').split('|');
  if (direction === null || !dateCreated || !sid || extra !== undefined || Number.isNaN(Date.parse(dateCreated))) {
    throw new TwilioError(20001, `PageToken ${token} is not valid. Use the page URIs from a previous response.`);
  }
  return { direction, dateCreated, sid };
}

/** The store's page request for a list route's query. */
export function readPaging(query: PagingParams, order: 'asc' | 'desc' = 'asc'): ParsedPaging {
  const pageSize = readPageSize(query.PageSize);
  const page = query.Page === undefined ? 0 : Number(query.Page);
  const cursor = query.PageToken ? decodeToken(query.PageToken) : null;
  return { pageSize, page, cursor, offset: page * pageSize, order, token: query.PageToken || undefined };
}

const PAGING_KEYS = new Set(['Page', 'PageSize', 'PageToken']);

function pageUri(path: string, filters: string, pageSize: number, page: number, token?: string): string {
  const paging = new URLSearchParams({ PageSize: String(pageSize), Page: String(page) });
  if (token) paging.set('PageToken', token);
  return `${path}?${filters ? `${filters}&` : ''}${paging.toString().replace(/\+/g, '%20')}`;
}

/** The request's filters (everything but the paging parameters), encoded for reuse in URIs. */
function requestFilters(request: FastifyRequest): string {
  const raw = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const params = new URLSearchParams(raw);
  const kept = new URLSearchParams();
  for (const [key, value] of params) if (!PAGING_KEYS.has(key)) kept.append(key, value);
  return kept.toString().replace(/\+/g, '%20');
}

/** Builds Twilio's list body from one page of rows already rendered as JSON records. */
export function listBody<Row extends { dateCreated: string; sid: string }, Json>(
  request: FastifyRequest,
  key: string,
  paging: ParsedPaging,
  result: Page<Row>,
  render: (row: Row) => Json,
): Record<string, unknown> {
  const path = request.url.split('?')[0] ?? request.url;
  const filters = requestFilters(request);
  const { page, pageSize } = paging;
  const first = result.rows[0];
  const last = result.rows[result.rows.length - 1];
  const backwards = paging.cursor?.direction === 'before';
  const hasNext = last !== undefined && (backwards || result.hasMore);
  // Paging back, there is a previous page while rows are left before this one (newer rows may
  // have arrived since page 0 was read); an empty page past the end still links back by number.
  const hasPrevious = backwards ? first !== undefined && result.hasMore : page > 0;
  const start = page * pageSize;
  return {
    [key]: result.rows.map(render),
    end: Math.max(start, start + result.rows.length - 1),
    first_page_uri: pageUri(path, filters, pageSize, 0),
    next_page_uri: hasNext ? pageUri(path, filters, pageSize, page + 1, encodeToken('A', last)) : null,
    page,
    page_size: pageSize,
    previous_page_uri: hasPrevious ? pageUri(path, filters, pageSize, Math.max(0, page - 1), first && encodeToken('B', first)) : null,
    start,
    uri: pageUri(path, filters, pageSize, page, paging.token),
  };
}

/** Response schema for a list: the record key plus the meta keys. */
export function listSchema(key: string, item: object) {
  const uri = { type: 'string' } as const;
  const nullableUri = { type: ['string', 'null'] } as const;
  return {
    type: 'object',
    properties: {
      [key]: { type: 'array', items: item },
      end: { type: 'integer' },
      first_page_uri: uri,
      next_page_uri: nullableUri,
      page: { type: 'integer' },
      page_size: { type: 'integer' },
      previous_page_uri: nullableUri,
      start: { type: 'integer' },
      uri,
    },
    required: [key, 'end', 'first_page_uri', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri'],
  } as const;
}
