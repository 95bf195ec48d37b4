/**
 * The problems a TwiML document can have, in Twilio's terms: 12100 (the document could not be
 * parsed as TwiML at all), 12200 (it parsed, but breaks TwiML's schema), and the warnings
 * Twilio documents for one invalid attribute of one verb (13212 Dial timeout…). Every problem
 * says where it is (line, column, element path) and what to do about it.
 *
 * Pure data: no I/O, no imports from outside `twiml/`.
 */

/** Twilio's "Document parse failure": malformed XML, not TwiML, empty, too large, too deep. */
export const DOCUMENT_PARSE_FAILURE = 12100;
/** Twilio's "Schema validation warning": an element or attribute breaks TwiML's schema. */
export const SCHEMA_VALIDATION = 12200;

/**
 * Twilio's warning codes for an invalid value of one attribute of one verb, as Twilio documents
 * them (https://www.twilio.com/docs/api/errors/13212 and so on; all "Log Level: WARNING"). They
 * are used when an invalid value is a warning (the document runs, with the attribute's default);
 * any other invalid value, and every invalid value that refuses the document, is a 12200.
 */
export const ATTRIBUTE_WARNINGS = {
  'Dial@timeout': 13212,
  'Gather@finishOnKey': 13310,
  'Record@maxLength': 13612,
  'Pause@length': 13910,
} as const;

/** A code from {@link ATTRIBUTE_WARNINGS}. */
export type AttributeWarningCode = (typeof ATTRIBUTE_WARNINGS)[keyof typeof ATTRIBUTE_WARNINGS];

const WARNING_BY_ATTRIBUTE: ReadonlyMap<string, AttributeWarningCode> = new Map(Object.entries(ATTRIBUTE_WARNINGS));

/** The Twilio codes the TwiML parser emits. */
export type TwimlProblemCode = typeof DOCUMENT_PARSE_FAILURE | typeof SCHEMA_VALIDATION | AttributeWarningCode;

/** Twilio's warning code for an invalid value of `attribute` on `element`: its own, or 12200. */
export function invalidValueWarning(element: string, attribute: string): TwimlProblemCode {
  return WARNING_BY_ATTRIBUTE.get(`${element}@${attribute}`) ?? SCHEMA_VALIDATION;
}


/**
 * One thing wrong with a TwiML document.
 *
 * `line` and `column` are 1-based (column counts characters, as editors do). `path` names the
 * element, XPath-style with 1-based positions among same-named siblings
 * (`Response/Gather[1]/Say[2]`); it is `""` when the problem is not inside any element.
 *
 * @example
 * const problem: TwimlProblem = {
 *   code: 12200, severity: 'warning', line: 3, column: 5, path: 'Response/Gather[1]',
 *   message: "Unknown attribute 'numdigits' on <Gather> is ignored; did you mean 'numDigits'?",
 * };
 */
export interface TwimlProblem {
  readonly code: TwimlProblemCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
}

/** Orders problems by position in the document (stable for problems at the same place). */
export function compareProblems(a: TwimlProblem, b: TwimlProblem): number {
  return a.line - b.line || a.column - b.column;
}
