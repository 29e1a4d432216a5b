/**
 * The verdict of an ε-study in a few plain lines: per description, the fitted order with its 95 %
 * interval, where its distances come from, and which of the orders 1 and 2 the interval excludes;
 * then whether the particles agree with the exact moment hierarchy that stands in for them.
 *
 * @module
 */
import { fmt, interval95 } from "../compare/format.js";
import type { EpsilonStudy, HeadlineOrder } from "./epsilon.js";

/** The orders an interval is read against: the O(ε) and the O(ε²) descriptions. */
const ORDERS = [1, 2];

/**
 * What a 95 % interval says about the orders 1 and 2, in words: the order it points to (the
 * nearer to p), whether it excludes the other, and whether it contains the nearer one or lies
 * beside it (then with the local orders, which show how far the range of ε is from asymptotic).
 *
 * @example
 * orderWords({ p: 1.84, ci95: [1.72, 1.97], expected: 2, localOrders: [1.75, 1.86, 1.93] })
 * // "second order, as expected: the interval excludes 1 and lies below 2, where the local orders 1.75 → 1.86 → 1.93 rise toward it"
 */
export function orderWords(order: Pick<HeadlineOrder, "p" | "ci95" | "expected" | "localOrders">): string {
  const [lo, hi] = order.ci95;
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return "no interval (fewer than 3 resolved points)";
  const contains = (q: number) => lo <= q && q <= hi;
  if (ORDERS.every(contains)) return "the interval contains both 1 and 2: too few resolved points or too much noise to tell the orders apart";
  const nearest = ORDERS.reduce((a, b) => (Math.abs(b - order.p) < Math.abs(a - order.p) ? b : a));
  const other = ORDERS.find((q) => q !== nearest)!;
  const name = nearest === 1 ? "first order" : "second order";
  const expected = order.expected === null ? "" : order.expected === nearest ? ", as expected" : `, NOT the expected order ${order.expected}`;
  const excludes = contains(other) ? `the interval does not exclude ${other}` : `the interval excludes ${other}`;
  if (contains(nearest)) return `${name}${expected}: ${excludes} and contains ${nearest}`;
  const local = order.localOrders.map((x) => fmt(x, 3));
  const rising = order.localOrders.every((x, i) => i === 0 || (x - order.localOrders[i - 1]) * (nearest - order.p) > 0);
  const trend = local.length > 1 ? `, where the local orders ${local.join(" → ")} ${rising ? (nearest > order.p ? "rise" : "fall") + " toward it" : "do not approach it steadily"}` : "";
  return `${name}${expected}: ${excludes} and lies ${order.p < nearest ? "below" : "above"} ${nearest}${trend}`;
}

/**
 * The verdict lines of a study: one per description, then the validation of the particles
 * against the exact moment hierarchy, valid at the R it was run with.
 *
 * @example
 * studyVerdict(study)
 * // ["Orders of the distance particles ↔ description, D ≈ C·ε^p, over ε = 0.4 … 0.05 (N = 50000, R = 40):",
 * //  "  (33) instantaneous limit: p = 0.941 [0.845, 1.04] from particles (expected 1): first order, as expected: the interval excludes 2 and contains 1.", …]
 */
export function studyVerdict(study: EpsilonStudy): string[] {
  const { N, replicas } = study.config;
  const eps = study.epsilons;
  const range = eps.length > 1 ? `over ε = ${eps[0]} … ${eps[eps.length - 1]}` : `at ε = ${eps[0]} alone`;
  const lines = [`Orders of the distance particles ↔ description, D ≈ C·ε^p, ${range} (N = ${N}, R = ${replicas}):`];
  for (const [name, order] of Object.entries(study.orders)) {
    const expected = order.expected === null ? "no expected order" : `expected ${order.expected}`;
    if (!Number.isFinite(order.p)) {
      lines.push(`  ${study.descriptions[name].label}: no order (fewer than 2 resolved points of its ${order.source} distance).`);
      continue;
    }
    lines.push(`  ${study.descriptions[name].label}: p = ${fmt(order.p, 3)} ${interval95(order.ci95)} from ${order.source} (${expected}): ${orderWords(order)}.`);
  }
  const status = (s: EpsilonStudy["validation"][number]["status"]) => study.validation.filter((v) => v.status === s).map((v) => v.epsilon);
  const disagree = status("disagree");
  const tooFew = status("too-few-replicas");
  const agree = status("agree");
  if (disagree.length) lines.push(`  The particles DISAGREE with the exact moment hierarchy at ε = ${disagree.join(", ")} (p < 0.001): orders taken from the hierarchy are not backed by the particles there.`);
  if (tooFew.length) lines.push(`  R = ${replicas} is too few replicas to test the particles against the exact moment hierarchy at ε = ${tooFew.join(", ")}.`);
  if (agree.length) {
    const smallest = Math.min(...study.validation.filter((v) => v.status === "agree").map((v) => v.pValue));
    lines.push(`  The particles agree with the exact moment hierarchy at ${agree.length === eps.length ? "every ε" : `ε = ${agree.join(", ")}`} (smallest p = ${fmt(smallest, 2)}), so it may stand in for them where their noise swamps a distance.`);
  }
  return lines;
}
