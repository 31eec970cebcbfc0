import { emailTokens, isPhoneLike, nameTokens, normaliseText, phoneDigits, wordsOf } from './search-text';

describe('search text', () => {
  it('drops case and diacritics', () => {
    expect(normaliseText('  José  GARCÍA ')).toBe('jose garcia');
    expect(normaliseText('Müller-Lüdenscheidt')).toBe('muller-ludenscheidt');
    expect(normaliseText('Łódź')).toBe('łodz'); // ł is a letter of its own, not l with a mark
  });

  it('folds Arabic letter forms to the Persian ones and drops tatweel and harakat', () => {
    expect(normaliseText('علي')).toBe(normaliseText('علی'));
    expect(normaliseText('كريم')).toBe('کریم');
    expect(normaliseText('فاطمة')).toBe('فاطمه');
    expect(normaliseText('مؤمن')).toBe('مومن');
    expect(normaliseText('أحمد إبراهيم آرش')).toBe('احمد ابراهیم ارش');
    expect(normaliseText('مـــحمد')).toBe('محمد');
    expect(normaliseText('مُحَمَّد')).toBe('محمد');
    expect(normaliseText('خانۀ')).toBe('خانه');
  });

  it('reads Persian and Arabic-Indic digits as Latin digits', () => {
    expect(normaliseText('۰۹۱۲ ۳۴۵ ٦٧٨٩')).toBe('0912 345 6789');
  });

  it('splits names into distinct sorted words; zero-width joiners do not split a word', () => {
    expect(nameTokens("Seán O'Brien-Smith")).toEqual(['brien', 'o', 'sean', 'smith']);
    expect(nameTokens('علی رضایی')).toEqual(['رضایی', 'علی']);
    expect(nameTokens('عبد\u200Cالله')).toEqual(['عبدالله']);
    expect(nameTokens(null)).toEqual([]);
    expect(wordsOf('a.b@c')).toEqual(['a', 'b', 'c']);
  });

  it('indexes an e-mail whole and by its local part', () => {
    expect(emailTokens('Ada.L@Example.ORG')).toEqual(['ada.l', 'ada.l@example.org']);
    expect(emailTokens(undefined)).toEqual([]);
  });

  it('reads phone numbers as digits without the international call prefix', () => {
    expect(phoneDigits('+44 20 7946 0958')).toBe('442079460958');
    expect(phoneDigits('0044 (20) 7946-0958')).toBe('442079460958');
    expect(phoneDigits('۰۹۱۲۳۴۵')).toBe('0912345');
    expect(isPhoneLike('+44 20')).toBe(true);
    expect(isPhoneLike('0912-345')).toBe(true);
    expect(isPhoneLike('c-1001')).toBe(false);
    expect(isPhoneLike('+')).toBe(false);
  });
});
