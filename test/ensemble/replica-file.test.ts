import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { IOError } from "../../src/errors.js";
import { decodeReplica, encodeReplica, listReplicaFiles, readReplicaFile, replicaFileName, writeReplicaFile } from "../../src/ensemble/replica-file.js";
import { recordOfResult } from "../../src/ensemble/replica-record.js";
import { smallConfig, tempDir } from "./helpers.js";

describe("replica files", () => {
  const config = smallConfig({ kmax: null });
  const record = recordOfResult(runReplica(config, 3));

  it("round-trip every double bit for bit", () => {
    const back = decodeReplica(encodeReplica(record, "abc"), "mem");
    expect(back.fingerprint).toBe("abc");
    expect(back.replica).toBe(3);
    expect(back.sizes).toEqual(record.sizes);
    for (const key of ["observables", "clusterCounts", "f1", "f2"] as const) {
      const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      expect(Buffer.compare(bytes(back[key]), bytes(record[key])), key).toBe(0);
    }
    expect(back.events).toEqual(record.events);
  });

  it("are compact: the mostly empty f2 histogram is stored sparsely", () => {
    const dense = 8 * (record.f1.length + record.f2.length);
    expect(encodeReplica(record, "abc").length).toBeLessThan(dense / 4);
  });

  it("are rejected when truncated or foreign", () => {
    const buf = encodeReplica(record, "abc");
    expect(() => decodeReplica(buf.subarray(0, buf.length - 4), "x")).toThrow(IOError);
    expect(() => decodeReplica(Buffer.from("hello world"), "x")).toThrow(/not an alignsim replica file/);
  });

  it("are listed by index; temporaries of interrupted writes are not", () => {
    const dir = tempDir();
    writeReplicaFile(dir, record, "abc");
    mkdirSync(join(dir, "replicas"), { recursive: true });
    writeFileSync(join(dir, "replicas", `${replicaFileName(5)}.1234abcd`), "partial");
    const files = listReplicaFiles(dir);
    expect([...files.keys()]).toEqual([3]);
    expect(readReplicaFile(files.get(3)!).replica).toBe(3);
    expect(replicaFileName(17)).toBe("r000017.bin");
  });
});
