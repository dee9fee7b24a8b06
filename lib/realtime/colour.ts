/** Colours for people's markers and carets, each readable with white text and on white. */
export const PRESENCE_COLOURS = [
  '#1f6feb',
  '#b3261e',
  '#1a7f37',
  '#8250df',
  '#bc4c00',
  '#0a7480',
  '#bf3989',
  '#6e5600',
  '#3b4bc2',
  '#a40e26',
  '#116329',
  '#7d4e00',
] as const;

/** A person's stable colour, derived from their user id (the same in every tab and process). */
export function colourFor(userId: string): string {
  let h = 2166136261;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return PRESENCE_COLOURS[(h >>> 0) % PRESENCE_COLOURS.length];
}
