/**
 * School short codes. Plans name schools by the initials of the distinctive part of their name
 * ("Meadow Lane Primary School" is "ML"), the part before words every school name shares.
 */

// Words that say what kind of school it is rather than which one.
const KIND_WORDS = new Set(
  (
    'infant infants junior juniors primary nursery school schools academy college federation church ce cofe ' +
    'c of e catholic rc methodist community first middle high secondary lower upper free foundation voluntary ' +
    'aided controlled special trust and the'
  ).split(' '),
);

/** Candidate codes for a school, most likely first: initials of its distinctive words, then longer forms. */
export function schoolCodeCandidates(name: string): string[] {
  const words = name
    .replace(/[^\p{L}\p{N}'’\s-]/gu, ' ')
    .split(/[\s-]+/)
    .filter((w) => w !== '');
  const firstKind = words.findIndex((w) => KIND_WORDS.has(w.toLowerCase()));
  const distinctive = (firstKind === -1 ? words : words.slice(0, firstKind)).filter((w) => /^\p{Lu}/u.test(w));
  if (distinctive.length === 0) return [];
  const initials = distinctive.map((w) => w[0]).join('').toUpperCase();
  const candidates = [initials];
  if (initials.length === 1) {
    // One distinctive word ("Hillside Primary"): its first letters stand in for initials.
    const word = distinctive[0].replace(/['’]/g, '').toUpperCase();
    candidates.push(word.slice(0, 2), word.slice(0, 3));
  }
  const allInitials = words
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0])
    .join('')
    .toUpperCase();
  if (allInitials.length > initials.length) candidates.push(allInitials);
  return [...new Set(candidates)].filter((c) => c.length >= 2);
}

function usedInText(code: string, text: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}])${code}(?![\\p{L}\\p{N}])`, 'u').test(text);
}

/** Short codes for the schools named in a document, unique, preferring the forms the document uses. */
export function assignSchoolCodes(names: readonly string[], documentText: string): Map<string, string | null> {
  // For each school: the first candidate the document itself uses, else its first candidate not
  // already taken; null when its name yields none.
  const codes = new Map<string, string | null>();
  const taken = new Set<string>();
  for (const name of names) {
    if (codes.has(name)) continue;
    const candidates = schoolCodeCandidates(name).filter((c) => !taken.has(c));
    const code = candidates.find((c) => usedInText(c, documentText)) ?? candidates[0] ?? null;
    if (code) taken.add(code);
    codes.set(name, code);
  }
  return codes;
}

/** The school codes named in `text` as whole words, in order of first appearance, without repeats. */
export function schoolCodesIn(text: string, codes: readonly string[]): string[] {
  const found: { code: string; index: number }[] = [];
  for (const code of codes) {
    const match = new RegExp(`(?<![\\p{L}\\p{N}])${code}(?![\\p{L}\\p{N}])`, 'u').exec(text);
    if (match) found.push({ code, index: match.index });
  }
  return found.sort((a, b) => a.index - b.index).map((f) => f.code);
}
