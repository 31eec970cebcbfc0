// How customer search sees text: one normal form for what is indexed and what is typed, so
// "José" is found by "jose", "علی" by "علي" (Arabic yeh) and "۰۷۹۱" by "0791". Pure.

/** Arabic letter forms folded to the Persian ones people type interchangeably. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  '\u064A': '\u06CC', // ي Arabic yeh → ی Persian yeh
  '\u0649': '\u06CC', // ى alef maksura → ی
  '\u0643': '\u06A9', // ك Arabic kaf → ک keheh
  '\u0629': '\u0647', // ة teh marbuta → ه
  '\u06C0': '\u0647', // ۀ heh with yeh → ه
  '\u06D5': '\u0647', // ە ae → ه
  '\u0671': '\u0627', // ٱ alef wasla → ا
};

/** Persian (U+06F0) and Arabic-Indic (U+0660) digits to Latin ones. */
function latinDigit(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  return ch;
}

// NFKD splits accented and hamza/madda letters (é → e + ´, أ → ا + hamza, ؤ → و + hamza,
// آ → ا + madda) into a base letter and marks; the marks, harakat included, are then dropped.
const MARKS = /\p{M}+/gu;
// Tatweel (kashida) only stretches a word; zero-width (non-)joiners only shape it.
const SHAPING = /[\u0640\u200B-\u200D\u2060\uFEFF]/g;
const FOLDABLE = /[\u064A\u0649\u0643\u0629\u06C0\u06D5\u0671\u06F0-\u06F9\u0660-\u0669]/g;

/** Lower case, no diacritics, folded Persian/Arabic letters, Latin digits, single spaces, trimmed. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(SHAPING, '')
    .replace(FOLDABLE, (ch) => LETTER_FOLDS[ch] ?? latinDigit(ch))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const NON_WORD = /[^\p{L}\p{N}]+/u;

/** The words of a normalised text (letters and digits; punctuation separates). */
export const wordsOf = (normalised: string): string[] => normalised.split(NON_WORD).filter((w) => w.length > 0);

/** Distinct words of a name, in code-point order. */
export const nameTokens = (name: string | null | undefined): string[] =>
  name ? [...new Set(wordsOf(normaliseText(name)))].sort() : [];

/** An e-mail address is found whole and by its local part ("ada" or "ada.l" finds ada.l@x.org). */
export function emailTokens(email: string | null | undefined): string[] {
  if (!email) return [];
  const whole = normaliseText(email).replace(/\s/g, '');
  const at = whole.lastIndexOf('@');
  return at > 0 ? [whole, whole.slice(0, at)].sort() : [whole];
}

/**
 * Digits of a phone number as searched: separators and "+" dropped, and the international call
 * prefix "00" too, so "+44 20 7946", "0044 20 7946" and "44207946" all read "44207946".
 */
export function phoneDigits(text: string): string {
  const digits = normaliseText(text).replace(/\D/g, '');
  return digits.startsWith('00') ? digits.slice(2) : digits;
}

export const phoneTokens = (phone: string | null | undefined): string[] => {
  const digits = phone ? phoneDigits(phone) : '';
  return digits ? [digits] : [];
};

const PHONE_LIKE = /^\+?[\d\s().-]*\d[\d\s().-]*$/;

/** Typed text that reads as (part of) a phone number: digits with phone punctuation only. */
export const isPhoneLike = (normalised: string): boolean => PHONE_LIKE.test(normalised);

/** Ids (customer, order) are matched case-insensitively by prefix. */
export const idToken = (id: string): string => normaliseText(id);
