/**
 * Turns every failure into Twilio's JSON error body: TwilioErrors as they are, schema
 * violations into the code their property declares (`x-code`), and anything unexpected into a
 * logged 500 (20500) that never leaks internals. Also answers unknown routes (404, 20404) and
 * known routes with the wrong method (405, 20004).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { TwilioErrorCode } from '../errors/index.js';

type PropertySchema = { 'x-code'?: TwilioErrorCode; 'x-expected'?: string; enum?: readonly unknown[]; minimum?: number; maximum?: number; maxLength?: number; type?: unknown; pattern?: string };
type ValidationError = NonNullable<FastifyError['validation']>[number];

function propertySchema(request: FastifyRequest, context: string | undefined, name: string): PropertySchema | undefined {
  const schema = request.routeOptions.schema as Record<string, { properties?: Record<string, PropertySchema> }> | undefined;
  const part = context === 'querystring' ? schema?.querystring : context === 'params' ? schema?.params : schema?.body;
  return part?.properties?.[name];
}

function describe(name: string, issue: ValidationError, prop: PropertySchema | undefined): string {
  switch (issue.keyword) {
    case 'required':
      return `Missing required parameter ${name} in the post body`;
    case 'enum':
      // Case variants (GET, get) are listed once, as first written.
      return `${name} must be one of: ${[...new Map([...(prop?.enum ?? [])].reverse().map((v) => [String(v).toUpperCase(), String(v)])).values()].reverse().join(', ')}.`;
    case 'type':
      if (prop?.type === 'boolean') return `${name} must be true or false.`;
      if (prop?.type === 'integer') return `${name} must be a whole number.`;
      return `${name} has the wrong type.`;
    case 'minimum':
    case 'maximum':
      return `${name} must be a whole number from ${prop?.minimum ?? 0} to ${prop?.maximum ?? 'any'}.`;
    case 'pattern':
      if (prop?.['x-expected']) return `${name} must be ${prop['x-expected']}.`;
      return /^\^\[0-9\]\{/.test(prop?.pattern ?? '') ? `${name} must be a whole number.` : `${name} is not valid (expected ${prop?.pattern ?? 'another format'}).`;
    case 'maxLength':
      return `${name} must be at most ${prop?.maxLength ?? 0} characters long.`;
    default:
      return `${name} is not valid: ${issue.message ?? 'invalid value'}.`;
  }
}

function fromValidation(error: FastifyError, request: FastifyRequest): TwilioError {
  const issue = error.validation?.[0];
  if (!issue) return new TwilioError(20001, error.message);
  const missing = (issue.params as { missingProperty?: string }).missingProperty;
  const name = missing ?? issue.instancePath.replace(/^\//, '').split('/')[0] ?? 'parameter';
  const prop = propertySchema(request, error.validationContext, name);
  return new TwilioError(prop?.['x-code'] ?? 20001, describe(name, issue, prop));
}

function send(reply: FastifyReply, error: TwilioError): FastifyReply {
  // Scripts in a page (the console) say so, and handle a 401 themselves: a challenge would make
  // the browser prompt for a password instead.
  if (error.status === 401 && reply.request.headers['x-requested-with'] !== 'XMLHttpRequest') reply.header('WWW-Authenticate', 'Basic realm="Twilio API"');
  return reply.status(error.status).type('application/json; charset=utf-8').send(error.toJSON());
}

/** Installs the error handler and the 404/405 answers on `app`. */
export function registerErrorHandling(app: FastifyInstance): void {
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+');
    for (const method of [route.method].flat()) routes.push({ method, pattern: new RegExp(`^${source}$`) });
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof TwilioError) return send(reply, error);
    if (error.validation) return send(reply, fromValidation(error, request));
    if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      return send(reply, new TwilioError(20001, error.message, error.statusCode));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, new TwilioError(20500, 'An internal server error occurred.'));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const otherMethod = routes.some((r) => r.method !== request.method && r.pattern.test(path));
    if (otherMethod) return send(reply, new TwilioError(20004, `Method ${request.method} not allowed on ${path}.`));
    return send(reply, new TwilioError(20404, `The requested resource ${path} was not found`));
  });
}
