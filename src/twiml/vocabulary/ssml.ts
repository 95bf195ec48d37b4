/**
 * SSML inside `<Say>`: the elements and attributes Twilio documents, and which may nest in which
 * (as Twilio's own helper libraries allow). Text is kept in order with the elements.
 */
import { languageTag, oneOf, text, type AttributeSpecs } from '../attributes.js';
import { defineElement, type BuiltNode, type ElementContent, type ElementSpec } from '../schema.js';
import type {
  SsmlBreak, SsmlBreakAttributes, SsmlContent, SsmlElement, SsmlEmphasis, SsmlEmphasisAttributes, SsmlLang,
  SsmlLangAttributes, SsmlP, SsmlPhoneme, SsmlPhonemeAttributes, SsmlProsody, SsmlProsodyAttributes, SsmlS,
  SsmlSayAs, SsmlSayAsAttributes, SsmlSub, SsmlSubAttributes, SsmlW, SsmlWAttributes,
} from '../tree/index.js';

/** Type guard: a built SSML element. */
export function isSsml(node: BuiltNode): node is SsmlElement {
  return 'tag' in node;
}

/**
 * Replaces each run of XML whitespace with one space, as speech engines read it (so indentation
 * between SSML elements becomes a single space). Does not trim.
 */
export function collapseSpaces(value: string): string {
  if (!needsCollapsing(value)) return value;
  let out = '';
  let run = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const space = c === 32 || c === 9 || c === 10 || c === 13;
    if (space && !run) {
      out += value.slice(start, i);
      run = true;
    } else if (!space && run) {
      out += ' ';
      start = i;
      run = false;
    }
  }
  return run ? `${out} ` : start === 0 ? value : out + value.slice(start);
}

/** True when the text has a tab, CR, LF or two spaces in a row (most text has none). */
function needsCollapsing(value: string): boolean {
  let previousSpace = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10 || c === 13 || c === 9 || (c === 32 && previousSpace)) return true;
    previousSpace = c === 32;
  }
  return false;
}

/** The content of a mixed element as SSML: strings (spaces collapsed) and SSML elements, in order. */
export function ssmlContent(content: ElementContent): SsmlContent[] {
  const out: SsmlContent[] = [];
  for (const item of content.mixed) {
    if (typeof item === 'string') out.push(collapseSpaces(item));
    else if (isSsml(item)) out.push(item);
  }
  return out;
}

/**
 * SSML content as the parser reads it back: adjacent strings merged, spaces collapsed, empty
 * strings dropped, text-only elements holding at most one string. The builder normalises with
 * this, so what it writes parses to the tree it built.
 */
export function normalizeSsml(content: readonly SsmlContent[]): SsmlContent[] {
  const out: SsmlContent[] = [];
  for (const item of content) {
    const last = out[out.length - 1];
    if (typeof item === 'string') {
      if (item === '') continue;
      if (typeof last === 'string') out[out.length - 1] = collapseSpaces(last + item);
      else out.push(collapseSpaces(item));
    } else if (item.tag === 'break') out.push(item);
    else if (item.tag === 'phoneme' || item.tag === 'say-as' || item.tag === 'sub') {
      const joined = collapseSpaces(item.content.join(''));
      out.push({ ...item, content: joined === '' ? [] : [joined] });
    } else out.push({ ...item, content: normalizeSsml(item.content) });
  }
  return out;
}

/** All the text of some SSML content, markup removed (what a plain TTS engine would read). */
export function plainText(content: readonly SsmlContent[]): string {
  let out = '';
  for (const item of content) {
    if (typeof item === 'string') out += item;
    else if (item.tag === 'break') out += ' ';
    else out += plainText(item.content);
  }
  return out;
}

/** Text-only SSML elements keep just their text (spaces collapsed). */
function textContent(content: ElementContent): string[] {
  return content.text === '' ? [] : [collapseSpaces(content.text)];
}

const breakAttributes: AttributeSpecs<SsmlBreakAttributes> = {
  strength: oneOf(['none', 'x-weak', 'weak', 'medium', 'strong', 'x-strong'] as const, null),
  time: text({ default: null }),
};
const emphasisAttributes: AttributeSpecs<SsmlEmphasisAttributes> = {
  level: oneOf(['strong', 'moderate', 'reduced'] as const, null),
};
const langAttributes: AttributeSpecs<SsmlLangAttributes> = { xmlLang: languageTag('', 'xml:lang') };
const phonemeAttributes: AttributeSpecs<SsmlPhonemeAttributes> = {
  alphabet: oneOf(['ipa', 'x-sampa', 'x-amazon-jyutping', 'x-amazon-pinyin', 'x-amazon-pron-kana', 'x-amazon-yomigana'] as const, null),
  ph: text({ default: '', nonEmpty: true }),
};
const prosodyAttributes: AttributeSpecs<SsmlProsodyAttributes> = {
  pitch: text({ default: null, nonEmpty: true }),
  rate: text({ default: null, nonEmpty: true }),
  volume: text({ default: null, nonEmpty: true }),
};
const INTERPRET_AS = ['characters', 'spell-out', 'cardinal', 'number', 'ordinal', 'digits', 'fraction', 'unit', 'date', 'time', 'address', 'expletive', 'telephone'] as const;
const sayAsAttributes: AttributeSpecs<SsmlSayAsAttributes> = {
  interpretAs: { ...oneOf(INTERPRET_AS, 'characters'), xmlName: 'interpret-as' },
  format: oneOf(['mdy', 'dmy', 'ymd', 'md', 'dm', 'ym', 'my', 'd', 'm', 'y', 'yyyymmdd'] as const, null),
};
const subAttributes: AttributeSpecs<SsmlSubAttributes> = { alias: text({ default: '', nonEmpty: true }) };
const wAttributes: AttributeSpecs<SsmlWAttributes> = { role: text({ default: null, nonEmpty: true }) };

/** SSML element specs, and the attribute specs the builder writes with. */
export const ssmlAttributes = {
  break: breakAttributes, emphasis: emphasisAttributes, lang: langAttributes, phoneme: phonemeAttributes,
  prosody: prosodyAttributes, 'say-as': sayAsAttributes, sub: subAttributes, w: wAttributes,
} as const;

const breakElement = defineElement<SsmlBreakAttributes, SsmlBreak>({
  name: 'break', text: 'none', attributes: breakAttributes,
  shape: { tag: 'break' },
});
const emphasisElement: ElementSpec = defineElement<SsmlEmphasisAttributes, SsmlEmphasis>({
  name: 'emphasis', text: 'mixed', attributes: emphasisAttributes, children: () => inlineElements,
  shape: { tag: 'emphasis', content: [] },
  finish: (node, c) => {
    node.content = ssmlContent(c);
  },
});
const langElement: ElementSpec = defineElement<SsmlLangAttributes, SsmlLang>({
  name: 'lang', text: 'mixed', attributes: langAttributes, children: () => sayElements,
  required: ['xmlLang'],
  shape: { tag: 'lang', content: [] },
  finish: (node, c) => {
    node.content = ssmlContent(c);
  },
});
const pElement: ElementSpec = defineElement<object, SsmlP>({
  name: 'p', text: 'mixed', attributes: {}, children: () => sentenceElements,
  shape: { tag: 'p', content: [] },
  finish: (node, c) => {
    node.content = ssmlContent(c);
  },
});
const phonemeElement = defineElement<SsmlPhonemeAttributes, SsmlPhoneme>({
  name: 'phoneme', text: 'text', attributes: phonemeAttributes,
  required: ['ph'],
  shape: { tag: 'phoneme', content: [] },
  finish: (node, c) => {
    node.content = textContent(c);
  },
});
const prosodyElement: ElementSpec = defineElement<SsmlProsodyAttributes, SsmlProsody>({
  name: 'prosody', text: 'mixed', attributes: prosodyAttributes, children: () => sayElements,
  shape: { tag: 'prosody', content: [] },
  finish: (node, c) => {
    node.content = ssmlContent(c);
  },
});
const sElement: ElementSpec = defineElement<object, SsmlS>({
  name: 's', text: 'mixed', attributes: {}, children: () => inlineElements,
  shape: { tag: 's', content: [] },
  finish: (node, c) => {
    node.content = ssmlContent(c);
  },
});
const sayAsElement = defineElement<SsmlSayAsAttributes, SsmlSayAs>({
  name: 'say-as', text: 'text', attributes: sayAsAttributes, required: ['interpretAs'],
  shape: { tag: 'say-as', content: [] },
  finish: (node, c) => {
    node.content = textContent(c);
  },
});
const subElement = defineElement<SsmlSubAttributes, SsmlSub>({
  name: 'sub', text: 'text', attributes: subAttributes,
  required: ['alias'],
  shape: { tag: 'sub', content: [] },
  finish: (node, c) => {
    node.content = textContent(c);
  },
});
const wElement: ElementSpec = defineElement<SsmlWAttributes, SsmlW>({
  name: 'w', text: 'mixed', attributes: wAttributes, children: () => wordElements,
  shape: { tag: 'w', content: [] },
  finish: (node, c) => {
    node.content = ssmlContent(c);
  },
});

/** What `<w>` may contain. */
const wordElements: readonly ElementSpec[] = [breakElement, emphasisElement, phonemeElement, prosodyElement, sayAsElement, subElement];
/** What `<emphasis>` and `<s>` may contain (no paragraphs or sentences). */
const inlineElements: readonly ElementSpec[] = [...wordElements, langElement, wElement];
/** What `<p>` may contain (no nested paragraphs). */
const sentenceElements: readonly ElementSpec[] = [...inlineElements, sElement];
/** What `<Say>`, `<lang>` and `<prosody>` may contain: every SSML element. */
export const sayElements: readonly ElementSpec[] = [...sentenceElements, pElement];
