import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runReplica } from "../../src/engine/replica.js";
import { CorruptReplicaError } from "../../src/errors.js";
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
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    for (const key of ["observables", "clusterCounts"] as const) expect(Buffer.compare(bytes(back[key]), bytes(record[key])), key).toBe(0);
    for (const key of ["f1", "f2"]) expect(Buffer.compare(bytes(back.arrays[key]), bytes(record.arrays[key])), key).toBe(0);
    expect(back.events).toEqual(record.events);
  });

  it("are compact: the mostly empty f2 histogram is stored sparsely", () => {
    const dense = 8 * (record.arrays.f1.length + record.arrays.f2.length);
    expect(encodeReplica(record, "abc").length).toBeLessThan(dense / 4);
  });

  it("are rejected when truncated or foreign", () => {
    const buf = encodeReplica(record, "abc");
    for (const cut of [1, 4, 32, 33, buf.length - 9]) {
      expect(() => decodeReplica(buf.subarray(0, buf.length - cut), "x"), `${cut} bytes cut`).toThrow(CorruptReplicaError);
    }
    expect(() => decodeReplica(Buffer.from("hello world"), "x")).toThrow(/not an alignsim replica file|truncated/);
    expect(() => decodeReplica(Buffer.alloc(100), "x")).toThrow(/not an alignsim replica file/);
  });

  it("fail their checksum when any one byte is flipped: magic, header length, header, payload, checksum", () => {
    const buf = encodeReplica(record, "abc");
    const H = buf.readUInt32LE(4);
    const positions = [0, 3, 4, 7, 8, 8 + Math.floor(H / 2), 8 + H, Math.floor((8 + H + buf.length) / 2), buf.length - 33, buf.length - 32, buf.length - 1];
    for (const at of positions) {
      for (const mask of [0x01, 0x80]) {
        const bad = Buffer.from(buf);
        bad[at] ^= mask;
        expect(() => decodeReplica(bad, "d/r.bin"), `byte ${at} ^ ${mask}`).toThrow(/corrupt replica file `d\/r\.bin`/);
      }
    }
  });

  it("of the older format ASR1 are refused with a message saying why", () => {
    const old = Buffer.from(encodeReplica(record, "abc"));
    old.write("ASR1", 0, "latin1");
    expect(() => decodeReplica(old, "x")).toThrow(/format ASR1 of an older alignsim, which has no checksum/);
  });

  it("are a function of (config, r) alone: the same replica simulated twice gives the same bytes", () => {
    const again = recordOfResult(runReplica(config, 3));
    expect(encodeReplica(again, "abc").equals(encodeReplica(record, "abc"))).toBe(true);
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
