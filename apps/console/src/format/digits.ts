// Agents type numbers with a Persian keyboard as often as with a Latin one: inputs accept
// Persian (۰-۹) and Arabic-Indic (٠-٩) digits and the Persian decimal/thousands separators.
const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Latin digits for every Persian or Arabic-Indic digit; ٫ becomes '.', ٬ is dropped. */
export function latinDigits(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code >= PERSIAN_ZERO && code <= PERSIAN_ZERO + 9) out += String(code - PERSIAN_ZERO);
    else if (code >= ARABIC_ZERO && code <= ARABIC_ZERO + 9) out += String(code - ARABIC_ZERO);
    else if (char === '\u066b') out += '.';
    else if (char === '\u066c') continue;
    else out += char;
  }
  return out;
}

/** A number typed in either script, or null when it is not one ("", "12a"). */
export function parseNumber(text: string): number | null {
  const latin = latinDigits(text).trim().replace(/,/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(latin)) return null;
  return Number(latin);
}
