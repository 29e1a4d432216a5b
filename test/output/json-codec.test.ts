import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonFile, parseJson, stringifyJson } from "../../src/output/json-codec.js";

describe("the JSON codec of results", () => {
  it("writes NaN and ±Infinity as strings and reads them back as numbers", () => {
    const value = { a: [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], b: Number.NaN, c: { d: -0.25 }, none: null, label: "moments" };
    const text = stringifyJson(value, 0);
    expect(text).toBe('{"a":[1.5,"NaN","Infinity","-Infinity"],"b":"NaN","c":{"d":-0.25},"none":null,"label":"moments"}');
    expect(parseJson(text)).toEqual(value);
    expect(Object.is(parseJson<{ b: number }>(text).b, Number.NaN)).toBe(true);
  });

  it("lays a file out as JSON.stringify(…, null, 2) does, with a final newline", () => {
    const value = { times: [0, 1], nested: { x: [1, 2] } };
    expect(jsonFile(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it("reads the legacy spellings: null inside an array and the string \"NaN\" as NaN; a null outside an array stays null", () => {
    const legacy = parseJson<{ stderr: number[]; covariance: number[][]; gitCommit: null; tq: number }>('{"stderr":[null,0.5],"covariance":[[null,1],[1,null]],"gitCommit":null,"tq":"NaN"}');
    expect(legacy.stderr[0]).toBeNaN();
    expect(legacy.stderr[1]).toBe(0.5);
    expect(legacy.covariance.flat().map(Number.isNaN)).toEqual([true, false, false, true]);
    expect(legacy.gitCommit).toBeNull();
    expect(legacy.tq).toBeNaN();
  });

  it("reads every JSON result under results/reference to the same value as JSON.parse, up to the non-finite spellings", () => {
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : name.endsWith(".json") ? [join(dir, name)] : []));
    })("results/reference");
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      // Written by this codec's rule: re-encoding gives the file back byte for byte.
      expect(jsonFile(parseJson(text)), file).toBe(text);
    }
  });
});
