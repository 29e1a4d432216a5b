/**
 * The notes and warnings of a result, grouped by what they are about, for the collapsed notes
 * block of a report and the count in its verdict.
 *
 * @module
 */

/** A kind of note: its heading and the pattern that recognises its messages. */
export interface NoteKind {
  heading: string;
  pattern: RegExp;
}

/** The notes of one kind. */
export interface NoteGroup {
  heading: string;
  notes: string[];
}

/** The kinds of the notes the studies and comparisons write, most important first. */
export const NOTE_KINDS: NoteKind[] = [
  { heading: "Disagreements with the exact moment hierarchy", pattern: /disagree/ },
  { heading: "Descriptions left out", pattern: /is left out/ },
  { heading: "Distances not resolved by the particles", pattern: /not resolved|unresolved|swamps/ },
  { heading: "Distances limited by the kinetic solver", pattern: /solver's estimated error/ },
  { heading: "Exact distances at the rounding floor", pattern: /rounding floor/ },
  { heading: "Standard errors that treat correlated quantities as independent", pattern: /independent/ },
  { heading: "Orders not fitted", pattern: /no order fitted|not fitted/ },
  { heading: "Too few replicas", pattern: /too few replicas|R = \d+ < \d+ replicas/i },
  { heading: "Finite-N bias", pattern: /finite-N bias/ },
];

/**
 * Groups notes by the first kind whose pattern matches (the rest under "Other notes"), in the
 * order of `kinds`, leaving out empty groups.
 *
 * @example
 * groupNotes(["(33): … is not resolved (SE > 0.25·D) at ε = 0.1 …", "x is left out: …"])
 * // [{ heading: "Descriptions left out", notes: [1 note] }, { heading: "Distances not resolved …", notes: [1 note] }]
 */
export function groupNotes(notes: string[], kinds: NoteKind[] = NOTE_KINDS): NoteGroup[] {
  const groups = new Map<string, string[]>([...kinds.map((k) => [k.heading, []] as [string, string[]]), ["Other notes", []]]);
  for (const note of notes) groups.get(kinds.find((k) => k.pattern.test(note))?.heading ?? "Other notes")!.push(note);
  return [...groups].filter(([, list]) => list.length).map(([heading, list]) => ({ heading, notes: list }));
}

/** "16 notes: 12 distances not resolved by the particles, 4 exact distances at the rounding floor". */
export function notesSummary(groups: NoteGroup[]): string {
  const total = groups.reduce((n, g) => n + g.notes.length, 0);
  if (!total) return "no notes";
  return `${total} ${total === 1 ? "note" : "notes"}: ${groups.map((g) => `${g.notes.length} × ${g.heading.toLowerCase()}`).join(", ")}`;
}
