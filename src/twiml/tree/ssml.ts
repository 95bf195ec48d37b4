/**
 * The typed tree of SSML inside `<Say>`: the elements Twilio documents for Amazon Polly and
 * Google voices. Text stays text (strings); elements are discriminated on `tag`.
 * Attributes Twilio leaves unset are `null`: the text-to-speech engine applies its own default.
 */

/** `<break>`: a pause, by strength or by time (`"500ms"`, `"2s"`). */
export interface SsmlBreakAttributes {
  strength: 'none' | 'x-weak' | 'weak' | 'medium' | 'strong' | 'x-strong' | null;
  time: string | null;
}
/** `<emphasis>`: speak louder and slower (or quieter and faster). */
export interface SsmlEmphasisAttributes {
  level: 'strong' | 'moderate' | 'reduced' | null;
}
/** `<lang>`: speak the content in another language (`xml:lang`). */
export interface SsmlLangAttributes {
  xmlLang: string;
}
/** `<phoneme>`: pronounce the content with phonetic symbols. */
export interface SsmlPhonemeAttributes {
  alphabet: 'ipa' | 'x-sampa' | 'x-amazon-jyutping' | 'x-amazon-pinyin' | 'x-amazon-pron-kana' | 'x-amazon-yomigana' | null;
  ph: string;
}
/** `<prosody>`: pitch, rate and volume (`"x-slow"`, `"+10%"`, `"-6dB"`…), passed to the engine as written. */
export interface SsmlProsodyAttributes {
  pitch: string | null;
  rate: string | null;
  volume: string | null;
}
/** `<say-as>`: how to read the content (as characters, a date, a number…). */
export interface SsmlSayAsAttributes {
  interpretAs: 'characters' | 'spell-out' | 'cardinal' | 'number' | 'ordinal' | 'digits' | 'fraction' | 'unit' | 'date' | 'time' | 'address' | 'expletive' | 'telephone';
  format: 'mdy' | 'dmy' | 'ymd' | 'md' | 'dm' | 'ym' | 'my' | 'd' | 'm' | 'y' | 'yyyymmdd' | null;
}
/** `<sub>`: say `alias` instead of the written content. */
export interface SsmlSubAttributes {
  alias: string;
}
/** `<w>`: a word, with its part of speech (`"amazon:VB"`, `"amazon:NN"`…). */
export interface SsmlWAttributes {
  role: string | null;
}

/** `<break/>` (never has content). */
export interface SsmlBreak extends SsmlBreakAttributes { tag: 'break' }
/** `<emphasis>…</emphasis>`. */
export interface SsmlEmphasis extends SsmlEmphasisAttributes { tag: 'emphasis'; content: SsmlContent[] }
/** `<lang xml:lang="…">…</lang>`. */
export interface SsmlLang extends SsmlLangAttributes { tag: 'lang'; content: SsmlContent[] }
/** `<p>…</p>`: a paragraph. */
export interface SsmlP { tag: 'p'; content: SsmlContent[] }
/** `<phoneme>…</phoneme>`: text only. */
export interface SsmlPhoneme extends SsmlPhonemeAttributes { tag: 'phoneme'; content: string[] }
/** `<prosody>…</prosody>`. */
export interface SsmlProsody extends SsmlProsodyAttributes { tag: 'prosody'; content: SsmlContent[] }
/** `<s>…</s>`: a sentence. */
export interface SsmlS { tag: 's'; content: SsmlContent[] }
/** `<say-as>…</say-as>`: text only. */
export interface SsmlSayAs extends SsmlSayAsAttributes { tag: 'say-as'; content: string[] }
/** `<sub alias="…">…</sub>`: text only. */
export interface SsmlSub extends SsmlSubAttributes { tag: 'sub'; content: string[] }
/** `<w>…</w>`. */
export interface SsmlW extends SsmlWAttributes { tag: 'w'; content: SsmlContent[] }

/** Any SSML element, discriminated on `tag`. */
export type SsmlElement = SsmlBreak | SsmlEmphasis | SsmlLang | SsmlP | SsmlPhoneme | SsmlProsody | SsmlS | SsmlSayAs | SsmlSub | SsmlW;

/** What SSML content is made of: text, in document order with elements. */
export type SsmlContent = string | SsmlElement;
