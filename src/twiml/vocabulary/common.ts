/**
 * Pieces of the vocabulary shared by several elements: `<Parameter>`, the text-only children
 * (`<Body>`, `<Media>`, `<Identity>`), `<Redirect>`, and the checks on element text (phone
 * numbers, SIP URIs, URLs) with their messages.
 */
import { isBlank, method, text, trimXmlSpace, type AttributeSpecs } from '../attributes.js';
import { defineElement, type BuiltNode, type ElementContent, type ElementSpec, type TextPart } from '../schema.js';
import type { Parameter, ParameterAttributes, Redirect, RedirectAttributes } from '../tree/index.js';

/** `<Parameter>` attributes: both written as given. */
export const parameterAttributes: AttributeSpecs<ParameterAttributes> = {
  name: text({ default: '', nonEmpty: true }),
  value: text({ default: '', trim: false }),
};

/** `<Parameter name="…" value="…"/>`: a custom parameter (name required). */
export const parameterElement = defineElement<ParameterAttributes, Parameter>({
  name: 'Parameter',
  text: 'none',
  attributes: parameterAttributes,
  shape: { noun: 'Parameter' },
  required: ['name'],
});

/** Defines a text-only child that its parent folds into one of its own fields. */
export function textPart(name: string, part: TextPart['part']): ElementSpec {
  return defineElement<object, TextPart>({
    name,
    text: 'text',
    attributes: {},
    shape: { part, text: '' },
    finish: (node, content) => {
      node.text = trimXmlSpace(content.text);
    },
  });
}

/** Type guard: a built `<Parameter>`. */
export function isParameter(node: BuiltNode): node is Parameter {
  return 'noun' in node && node.noun === 'Parameter';
}

/** The texts of the children that are text parts of the given kind, in order. */
export function partTexts(children: readonly BuiltNode[], part: TextPart['part']): string[] {
  const out: string[] = [];
  for (const child of children) if ('part' in child && child.part === part) out.push(child.text);
  return out;
}

/** `<Redirect>` attributes. */
export const redirectAttributes: AttributeSpecs<RedirectAttributes> = { method: method() };

/** `<Redirect method="…">URL</Redirect>` (voice and messaging). */
export const redirectElement = defineElement<RedirectAttributes, Redirect>({
  name: 'Redirect',
  text: 'text',
  attributes: redirectAttributes,
  shape: { verb: 'Redirect', url: '' },
  finish: (node, content) => {
    node.url = requiredText(content, 'Redirect', 'the URL of the TwiML to continue with');
  },
});

/** The element's trimmed text; reports an error naming `what` when it is empty. */
export function requiredText(content: ElementContent, element: string, what: string): string {
  const value = trimXmlSpace(content.text);
  if (value === '') content.report(`<${element}> is empty; it must contain ${what}.`);
  return value;
}

/**
 * True for what Twilio dials as a phone number: E.164 (`+14155551212`) or a loosely formatted
 * number (`(415) 555-1212`, `415.555.1212`): digits with optional `+` first and separators.
 */
export function isPhoneNumber(value: string): boolean {
  let digitsSeen = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digitsSeen++;
    else if (c === 43 /* + */) {
      if (digitsSeen > 0 || value.slice(0, i).trim() !== '') return false;
    } else if (c !== 32 && c !== 45 && c !== 46 && c !== 40 && c !== 41) return false;
  }
  return digitsSeen >= 3 && digitsSeen <= 15;
}

/** The element's text as a phone number, reporting a clear error when it is not one. */
export function phoneNumberText(content: ElementContent, element: string): string {
  const value = trimXmlSpace(content.text);
  if (value === '') content.report(`<${element}> is empty; it must contain the phone number to dial, such as +14155551212.`);
  else if (!isPhoneNumber(value)) {
    content.report(`<${element}> contains "${value}", which is not a phone number; use E.164 (+14155551212) or digits such as 415-555-1212.`);
  }
  return value;
}

/** True for a `sip:` or `sips:` URI with something after the scheme and no whitespace. */
export function isSipUri(value: string): boolean {
  const lower = value.slice(0, 5).toLowerCase();
  const rest = lower.startsWith('sips:') ? 5 : lower.startsWith('sip:') ? 4 : -1;
  if (rest < 0 || value.length === rest) return false;
  for (let i = rest; i < value.length; i++) if (value.charCodeAt(i) <= 32) return false;
  return true;
}

/** The element's text as a SIP URI, reporting a clear error when it is not one. */
export function sipUriText(content: ElementContent, element: string): string {
  const value = trimXmlSpace(content.text);
  if (!isSipUri(value)) {
    content.report(`<${element}> must contain a SIP URI such as sip:alice@example.com; found "${value}".`);
  }
  return value;
}

/** True when a `mixed` or `text` element has only whitespace. */
export function hasNoText(content: ElementContent): boolean {
  return isBlank(content.text);
}
