/** Short code → school name, for the school chips under actions. */
export type SchoolNames = ReadonlyMap<string, string>;

/** Items in their stored order (strands, actions, reviews). */
export const byPosition = <T extends { position: number }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.position - b.position);

/** Overriding objectives in number order. */
export const byNumber = <T extends { number: number }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.number - b.number);

/** "Links: Objective 1, 2, 5": the document's "Links: Objective 1 Objective 2 Objective 5", shorter. */
export function linksLabel(numbers: readonly number[]): string | null {
  if (numbers.length === 0) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  return `Links: Objective ${sorted.join(', ')}`;
}
