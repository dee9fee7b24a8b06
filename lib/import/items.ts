import { findDuePhrases } from './due';

/**
 * Splitting list text into items. The plan's lists come from a Word conversion that kept bullets
 * ("•") in some cells, dashes (" - ") in others, and nothing at all in the rest, where the items
 * simply run on: "…plan the science week together Record the outcomes…". The rules below read
 * those run-on items the way a person does, from the shape of the words at the join.
 */

/** What the item rules need to know about the document. */
export type ItemRules = {
  /** Short codes of the partner schools ("ML", "HG"): a school named at the end of a clause ends the item. */
  schoolCodes: readonly string[];
};

/** A list item as HTML, with the items of a dash list hanging from it (an agenda under a meeting). */
export type ListItem = { html: string; subItems: string[] };

/** Characters Word and friends use as bullets, including Symbol-font U+F0B7. */
export const BULLET_CHARS = '•●▪◦‣∙\uf0b7';
const BULLET = new RegExp(`[${BULLET_CHARS}]`);
const BULLET_GLOBAL = new RegExp(`[${BULLET_CHARS}]`, 'g');
const TAG = /<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>/g;
const MASK = '\u0000';

// Words after which a capitalised word continues the clause ("at HG", "the Music Service", "with the LA").
const FUNCTION_WORDS = new Set(
  (
    'a an the to of in on at by for from with within without into onto upon and or but nor as than that ' +
    'which who whom whose this these those their its our your his her my each every both all any some no ' +
    'not between through throughout towards toward around about over under after before during including ' +
    'inc incl via per regarding re e.g eg i.e ie is are was were be been being has have had will would can ' +
    'could should may might must shall do does did also such like using amongst among across against if ' +
    'when where while whether so then named called led run'
  ).split(' '),
);

// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS = new Set(
  'inc. incl. e.g. eg. i.e. ie. p.m. a.m. no. vs. approx. mr. mrs. ms. dr. st. cllr. dept. esp. ref. c. ca.'.split(' '),
);

// Month, weekday and term names are capitalised mid-clause, so they never start an item by their capital alone.
const DATE_WORDS = new Set(
  (
    'january february march april may june july august september october november december jan feb mar apr ' +
    'jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday autumn spring summer'
  ).split(' '),
);

// Imperative verbs that start an action even straight after a capitalised word ("…the Reading Records Agree Next Steps").
const IMPERATIVE_VERBS = new Set(
  (
    'agree analyse arrange attend audit check collect compare compile complete create develop discuss ensure ' +
    'establish evaluate hold identify invite look meet moderate monitor observe organise plan prepare produce ' +
    'provide publish review send set share update visit'
  ).split(' '),
);
// After an imperative verb comes its object or a preposition: never a lower-case noun ("Plan each term").
const VERB_FOLLOWERS = new Set('to at with on for the a an all our their up out and'.split(' '));

type Token = {
  /** Offset of the token in the fragment, leading tags included. */
  start: number;
  end: number;
  /** The token's text without tags. */
  word: string;
  /** The word without surrounding brackets, quotes and punctuation. */
  bare: string;
  /** Bracket depth before the token. */
  depth: number;
};

function maskTags(html: string): string {
  return html.replace(TAG, (tag) => MASK.repeat(tag.length));
}

function tokenise(html: string): Token[] {
  const masked = maskTags(html);
  const tokens: Token[] = [];
  let depth = 0;
  for (const match of masked.matchAll(/[^\s]+/g)) {
    const word = match[0].replaceAll(MASK, '');
    if (word === '') continue;
    const bare = word.replace(/^[("'‘“[]+/, '').replace(/[)"'’”\].,;:!?]+$/, '');
    tokens.push({ start: match.index, end: match.index + match[0].length, word, bare, depth });
    for (const ch of word) {
      if (ch === '(' || ch === '[') depth += 1;
      else if ((ch === ')' || ch === ']') && depth > 0) depth -= 1;
    }
  }
  return tokens;
}

function startsUpper(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function startsLower(word: string): boolean {
  return /^\p{Ll}/u.test(word);
}

function isDash(word: string): boolean {
  return /^[-–—]$/.test(word);
}

/** A capitalised word that opens a clause: followed by lower-case words, not by more of a proper name. */
function isClauseStart(tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!startsUpper(token.bare) || DATE_WORDS.has(token.bare.toLowerCase())) return false;
  if (/[.,;:!?)]$/.test(token.word)) return false;
  const next = tokens[i + 1];
  if (!next) return false;
  return startsLower(next.bare) || isDash(next.word);
}

function endsSentence(token: Token): boolean {
  const word = token.word.replace(/["'’”]+$/, '');
  if (!/[.!?]$/.test(word) || /\.\.\.$/.test(word)) return false;
  const lower = word.replace(/^[("'‘“[]+/, '').toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  // A lone initial ("J. Smith") is not a sentence.
  return !/^\p{L}\.$/u.test(lower);
}

function isLowerContentWord(tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!startsLower(token.bare) || FUNCTION_WORDS.has(token.bare.toLowerCase())) return false;
  if (/[,;:]$/.test(token.word)) return false;
  // "to review Phonics records", "to attend Full Governing Board": an infinitive takes what follows as its object.
  const before = tokens[i - 1];
  return !(before && before.bare.toLowerCase() === 'to');
}

function isImperativeStart(tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!/^\p{Lu}\p{Ll}+$/u.test(token.bare) || !IMPERATIVE_VERBS.has(token.bare.toLowerCase())) return false;
  const prev = tokens[i - 1];
  if (FUNCTION_WORDS.has(prev.bare.toLowerCase()) || /[,;:]$/.test(prev.word)) return false;
  const next = tokens[i + 1];
  if (!next) return false;
  if (next.bare.toLowerCase() === 'to') {
    const after = tokens[i + 2];
    return Boolean(after) && after.bare.toLowerCase() !== 'be';
  }
  return startsUpper(next.bare) || VERB_FOLLOWERS.has(next.bare.toLowerCase());
}

/**
 * Indexes of the tokens that close a due phrase, so that "Autumn 2 History leads" splits after
 * "Autumn 2" (trailing punctuation and tags after the phrase still count as its end).
 */
function tokensEndingDuePhrases(html: string, tokens: Token[]): Set<number> {
  const spaced = maskTags(html).replaceAll(MASK, ' ');
  // The year only shifts dates, never where a phrase ends, so any year will do here.
  const ends = findDuePhrases(spaced, 2000).map((m) => m.index + m.length);
  const closing = new Set<number>();
  tokens.forEach((token, i) => {
    if (ends.some((e) => e > token.start && e <= token.end && /^[\s.,;:]*$/.test(spaced.slice(e, token.end)))) {
      closing.add(i);
    }
  });
  return closing;
}

/**
 * Where a new item starts inside run-on list text with no bullets: the token indexes that begin one.
 *
 * Outside brackets, a token begins an item when
 * - the previous word ends a sentence ("…finished in March. New shelving…");
 * - a clause-opening capitalised word (one followed by a lower-case word or a dash) comes after a
 *   closing bracket, after a due phrase ("Autumn 2", "4 March 2020"), after a school code
 *   ("…kilns from HG Chair of…"), or after a lower-case word that can end a clause, i.e. not a function word
 *   and not an infinitive ("…science week together Record the…", "…both websites PTA leaflets…");
 * - it is a capitalised imperative verb followed by its object ("…Reading Records Agree Next Steps…").
 */
function itemStarts(tokens: Token[], dueEnders: Set<number>, rules: ItemRules): number[] {
  const starts: number[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.depth > 0) continue;
    const prev = tokens[i - 1];
    const clauseStart = isClauseStart(tokens, i);
    if (
      (endsSentence(prev) && startsUpper(token.bare)) ||
      (clauseStart && /\)$/.test(prev.word)) ||
      (clauseStart && dueEnders.has(i - 1)) ||
      (clauseStart && rules.schoolCodes.includes(prev.bare) && !/^\p{Lu}+$/u.test(token.bare)) ||
      (clauseStart && isLowerContentWord(tokens, i - 1)) ||
      isImperativeStart(tokens, i)
    ) {
      starts.push(i);
    }
  }
  return starts;
}

/** Cuts run-on list text (HTML) into the items it was written as, by the rules of `itemStarts`. */
export function splitRunOnItems(html: string, rules: ItemRules): string[] {
  const tokens = tokenise(html);
  if (tokens.length === 0) return [];
  const starts = itemStarts(tokens, tokensEndingDuePhrases(html, tokens), rules);
  const cuts = [0, ...starts.map((i) => tokens[i].start), html.length];
  const items: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const piece = html.slice(cuts[k], cuts[k + 1]).trim();
    if (piece !== '') items.push(piece);
  }
  return items;
}

/** Offsets of list dashes: a hyphen standing alone between spaces, or opening the text. */
function dashCuts(masked: string): { start: number; end: number }[] {
  const cuts: { start: number; end: number }[] = [];
  for (const match of masked.matchAll(/(?:^|(?<=[\s\u0000]))-(?=\s)/g)) {
    cuts.push({ start: match.index, end: match.index + 1 });
  }
  return cuts;
}

function cutAt(html: string, cuts: { start: number; end: number }[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(html.slice(from, cut.start));
    from = cut.end;
  }
  pieces.push(html.slice(from));
  return pieces;
}

/** Whether the fragment has any text once tags are set aside. */
export function hasText(html: string): boolean {
  return html.replace(TAG, '').replace(BULLET_GLOBAL, '').trim() !== '';
}

/** Splits the text of one list (HTML) into items, each with the dash list hanging from it. */
export function splitListItems(html: string, rules: ItemRules): ListItem[] {
  // - Bullets ("•", or `<li>` already turned into one) are the authors' own item marks: items are cut
  //   there and nowhere else, except that
  // - a lone " - " inside an item opens a dash list under it (an agenda under a meeting); since only
  //   the first dash of such a list survived conversion, its text is cut by the run-on rules.
  // - A list that opens with a dash ("- Reading - Outdoor learning") is a dash list: cut at every dash.
  // - A list with no marks at all lost them in conversion: cut by the run-on rules.
  const masked = maskTags(html);
  if (BULLET.test(masked)) {
    const bulletCuts = [...masked.matchAll(BULLET_GLOBAL)].map((m) => ({ start: m.index, end: m.index + 1 }));
    return cutAt(html, bulletCuts)
      .filter(hasText)
      .map((item) => withSubItems(item, rules));
  }
  const trimmedStart = masked.length - masked.trimStart().length;
  if (masked.slice(trimmedStart).startsWith('- ')) {
    return cutAt(html, dashCuts(masked))
      .filter(hasText)
      .map((item) => ({ html: item.trim(), subItems: [] }));
  }
  const dashes = dashCuts(masked);
  const [head, ...subs] = cutAt(html, dashes);
  const items = splitRunOnItems(head, rules).map((item): ListItem => ({ html: item, subItems: [] }));
  const subItems = subs.filter(hasText).flatMap((sub) => splitRunOnItems(sub, rules));
  if (items.length === 0) return subItems.map((sub) => ({ html: sub, subItems: [] }));
  items[items.length - 1].subItems.push(...subItems);
  return items;
}

function withSubItems(item: string, rules: ItemRules): ListItem {
  const [head, ...subs] = cutAt(item, dashCuts(maskTags(item)));
  if (!hasText(head)) {
    // A bullet followed at once by a dash: the dash is decoration, not a sub-list.
    return { html: subs.join(' - ').trim(), subItems: [] };
  }
  return {
    html: head.trim(),
    subItems: subs.filter(hasText).flatMap((sub) => splitRunOnItems(sub, rules)),
  };
}
