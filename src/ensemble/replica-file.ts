/**
 * Replica files: one finished replica's {@link ReplicaRecord}, written atomically (temporary
 * file, fsync, rename, fsync of the directory) as `DIR/replicas/r000017.bin` the moment the
 * replica finishes. A file that exists is complete, so a run killed at any point (SIGKILL
 * included) loses only the replicas that were still running; a file damaged afterwards (a bad
 * disk, a truncated copy) fails its checksum whenever it is read.
 *
 * Format "ASR2" (little-endian), compact because an f_2 histogram has pairBins² cells per time
 * and is mostly empty:
 *
 *   bytes 0–3   "ASR2"
 *   bytes 4–7   u32 H, the length of the header (a multiple of 8)
 *   8 … 8+H     header, UTF-8 JSON padded with spaces: {replica, fingerprint, times,
 *               observables, sizes, <array>Cells…, <array>Nonzero[t]…, events, eventCount,
 *               initialMoments}
 *   then        f64 observables[o·T + t] · f64 clusterCounts[s·T + t] ·
 *               f64 values of the non-zero cells (time by time) of each array · u32 their cell
 *               indices, in the same order
 *   last 32     SHA-256 of every byte before it
 *
 * The arrays are those of src/contract/output-arrays.ts, in its order, written group by group
 * (`fileGroup`): a group's cell counts, then its non-zero counts per time, and a group only when
 * one of its arrays has values. So a homogeneous run writes f1 and f2 only (`f1Cells, f2Cells,
 * f1Nonzero, f2Nonzero`), and the spatial model adds `fieldCells, f1xvCells, fieldsNonzero,
 * f1xvNonzero`: the files of earlier versions, byte for byte.
 *
 * Doubles are stored bit for bit, so decoding gives back exactly what the replica computed
 * (a zero cell, +0 or −0, decodes as +0, which folds into the statistics identically). The file
 * holds nothing that depends on when or where the replica ran (no timings), so its bytes are a
 * function of the config (without R) and r alone: `alignsim verify` re-simulates replicas and
 * compares bytes. Files of the earlier format "ASR1" (no checksum) are not read.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { threadId } from "node:worker_threads";
import { basename, dirname, join } from "node:path";
import { CorruptReplicaError, IOError } from "../errors.js";
import { parseJson, stringifyJson } from "../output/json-codec.js";
import type { ReplicaRecord } from "./replica-record.js";
import { OUTPUT_ARRAYS, type OutputArray } from "../contract/output-arrays.js";

const MAGIC = "ASR2";
const LEGACY_MAGIC = "ASR1";
/** Bytes of the SHA-256 trailer. */
const CHECKSUM_BYTES = 32;

/** Sub-directory of `replicas/` where `--resume` moves corrupt files before simulating them again. */
export const CORRUPT_DIR = "corrupt";

/** Sub-directory of a run directory that holds the replica files. */
export const REPLICA_DIR = "replicas";

const NAME = /^r(\d+)\.bin$/;
const TEMP = /^r(\d+)\.bin\.[^.]+$/;

/** File name of replica r: r000017.bin (six digits at least, more above 999999). */
export function replicaFileName(replica: number): string {
  return `r${String(replica).padStart(6, "0")}.bin`;
}

/** Path of replica r's file in run directory `dir`. */
export function replicaFilePath(dir: string, replica: number): string {
  return join(dir, REPLICA_DIR, replicaFileName(replica));
}

/** The finished replicas of run directory `dir`: replica index → path (empty when there are none). */
export function listReplicaFiles(dir: string): Map<number, string> {
  const out = new Map<number, string>();
  let names: string[];
  try {
    names = readdirSync(join(dir, REPLICA_DIR));
  } catch {
    return out;
  }
  for (const name of names) {
    const match = NAME.exec(name);
    if (match) out.set(Number(match[1]), join(dir, REPLICA_DIR, name));
  }
  return out;
}

/**
 * Removes temporary files left by a write that was killed before its rename, for the replicas
 * for which `mine(r)` holds (other shards sharing the directory may be writing theirs).
 */
export function removeStaleTemporaries(dir: string, mine: (replica: number) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(join(dir, REPLICA_DIR));
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP.exec(name);
    if (match && mine(Number(match[1]))) rmSync(join(dir, REPLICA_DIR, name), { force: true });
  }
}

interface Header {
  replica: number;
  fingerprint: string;
  times: number;
  observables: number;
  sizes: number[];
  events: ReplicaRecord["events"];
  eventCount: number;
  initialMoments: [number, number];
}

/** The header's keys of an array: its cells per time and its non-zero cells per time. */
function keysOf(array: OutputArray): { cells: string; nonzero: string } {
  return { cells: array.cellsKey ?? `${array.name}Cells`, nonzero: `${array.name}Nonzero` };
}

/** The group an array is written with (its name when it has none). */
function groupOf(array: OutputArray): string {
  return array.fileGroup ?? array.name;
}

/** The arrays a record's file holds, in table order: those of every group with values. */
function writtenArrays(record: ReplicaRecord): OutputArray[] {
  const filled = new Set(OUTPUT_ARRAYS.filter((array) => (record.arrays[array.name]?.length ?? 0) > 0).map(groupOf));
  return OUTPUT_ARRAYS.filter((array) => filled.has(groupOf(array)));
}

/** The header entries of the written arrays: group by group, the cell counts, then the non-zero counts. */
function arrayHeader(arrays: OutputArray[], cells: number[], nonzero: number[][]): Record<string, number | number[]> {
  const groups = [...new Set(arrays.map(groupOf))];
  return Object.fromEntries(
    groups.flatMap((group) => {
      const members = arrays.flatMap((array, i) => (groupOf(array) === group ? [i] : []));
      return [...members.map((i) => [keysOf(arrays[i]).cells, cells[i]]), ...members.map((i) => [keysOf(arrays[i]).nonzero, nonzero[i]])];
    }),
  );
}

/** Non-zero cells of a per-time histogram: counts per time, values, indices. */
function sparse(flat: Float64Array, T: number): { counts: number[]; values: number[]; indices: number[] } {
  const cells = T ? flat.length / T : 0;
  const counts: number[] = [];
  const values: number[] = [];
  const indices: number[] = [];
  for (let t = 0; t < T; t++) {
    let c = 0;
    for (let i = 0; i < cells; i++) {
      const x = flat[t * cells + i];
      if (x !== 0) {
        values.push(x);
        indices.push(i);
        c++;
      }
    }
    counts.push(c);
  }
  return { counts, values, indices };
}

/**
 * Encodes a replica record with the fingerprint of its run's config.
 *
 * @example
 * decodeReplica(encodeReplica(record, fp), "x").replica === record.replica // true
 */
export function encodeReplica(record: ReplicaRecord, fingerprint: string): Buffer {
  const T = record.times;
  const arrays = writtenArrays(record);
  const flats = arrays.map(({ name }) => record.arrays[name] ?? new Float64Array(0));
  const sections = flats.map((flat) => sparse(flat, T));
  const header: Header = {
    replica: record.replica,
    fingerprint,
    times: T,
    observables: record.observables.length / T,
    sizes: record.sizes,
    ...arrayHeader(
      arrays,
      flats.map((flat) => flat.length / T),
      sections.map((section) => section.counts),
    ),
    events: record.events,
    eventCount: record.eventCount,
    initialMoments: record.initialMoments,
  };
  let json = stringifyJson(header, 0);
  const bytes = Buffer.byteLength(json);
  json += " ".repeat((8 - (bytes % 8)) % 8);
  const H = Buffer.byteLength(json);
  const nonzero = sections.reduce((sum, section) => sum + section.values.length, 0);
  const buf = Buffer.alloc(8 + H + 8 * (record.observables.length + record.clusterCounts.length + nonzero) + 4 * nonzero + CHECKSUM_BYTES);
  buf.write(MAGIC, 0, "latin1");
  buf.writeUInt32LE(H, 4);
  buf.write(json, 8, "utf8");
  let at = 8 + H;
  for (const list of [record.observables, record.clusterCounts, ...sections.map((section) => section.values)]) {
    for (const x of list) at = buf.writeDoubleLE(x, at);
  }
  for (const section of sections) {
    for (const i of section.indices) at = buf.writeUInt32LE(i, at);
  }
  checksum(buf.subarray(0, at)).copy(buf, at);
  return buf;
}

function checksum(bytes: Buffer): Buffer {
  return createHash("sha256").update(bytes).digest();
}

/**
 * Decodes a replica file's bytes, after checking its checksum.
 *
 * @param path - for error messages.
 * @throws {CorruptReplicaError} when the bytes are not a whole, intact replica file of format
 *   ASR2 (checksum mismatch, truncated, foreign, or the older format ASR1).
 */
export function decodeReplica(buf: Buffer, path: string): ReplicaRecord & { fingerprint: string } {
  const magic = buf.toString("latin1", 0, 4);
  if (magic === LEGACY_MAGIC) throw new CorruptReplicaError(path, "format ASR1 of an older alignsim, which has no checksum; simulate it again (alignsim run --resume)");
  if (buf.length < 8 + CHECKSUM_BYTES) throw new CorruptReplicaError(path, `truncated (${buf.length} bytes)`);
  const end = buf.length - CHECKSUM_BYTES;
  if (!checksum(buf.subarray(0, end)).equals(buf.subarray(end))) {
    throw new CorruptReplicaError(path, magic === MAGIC ? "checksum mismatch (the file was damaged or truncated after it was written)" : "not an alignsim replica file");
  }
  if (magic !== MAGIC) throw new CorruptReplicaError(path, "not an alignsim replica file");
  const H = buf.readUInt32LE(4);
  let header: Header & Record<string, unknown>;
  try {
    header = parseJson(buf.toString("utf8", 8, 8 + H));
  } catch (error) {
    throw new CorruptReplicaError(path, `unreadable header (${(error as Error).message})`);
  }
  const T = header.times;
  const sections = OUTPUT_ARRAYS.map((array) => {
    const keys = keysOf(array);
    const counts = (header[keys.nonzero] as number[] | undefined) ?? [];
    return { cells: (header[keys.cells] as number | undefined) ?? 0, counts, nonzero: counts.reduce((a, b) => a + b, 0) };
  });
  const nonzero = sections.reduce((sum, section) => sum + section.nonzero, 0);
  const nObs = header.observables * T;
  const nClu = header.sizes.length * T;
  const expected = 8 + H + 8 * (nObs + nClu + nonzero) + 4 * nonzero;
  if (end !== expected) throw new CorruptReplicaError(path, `${end} bytes before the checksum, expected ${expected}`);
  // An aligned copy of the body, so that typed arrays can view it directly.
  const body = new ArrayBuffer(end - 8 - H);
  new Uint8Array(body).set(buf.subarray(8 + H, end));
  const doubles = new Float64Array(body, 0, nObs + nClu + nonzero);
  const indices = new Uint32Array(body, 8 * doubles.length, nonzero);
  let value = nObs + nClu;
  let index = 0;
  const arrays = sections.map(({ cells, counts, nonzero: count }) => {
    const out = new Float64Array(cells * T);
    const values = doubles.subarray(value, value + count);
    const idx = indices.subarray(index, index + count);
    value += count;
    index += count;
    let j = 0;
    for (let t = 0; t < T; t++) {
      const base = t * cells;
      for (let c = 0; c < counts[t]; c++, j++) out[base + idx[j]] = values[j];
    }
    return out;
  });
  return {
    replica: header.replica,
    fingerprint: header.fingerprint,
    times: T,
    observables: doubles.subarray(0, nObs),
    sizes: header.sizes,
    clusterCounts: doubles.subarray(nObs, nObs + nClu),
    arrays: Object.fromEntries(OUTPUT_ARRAYS.map(({ name }, i) => [name, arrays[i]])),
    events: header.events,
    eventCount: header.eventCount,
    initialMoments: header.initialMoments,
  };
}

/**
 * Writes replica `record.replica`'s file atomically: a temporary file `rNNNNNN.bin.<pid>-<thread>`
 * written and fsynced, renamed over the final name, then an fsync of the directory, so that the
 * rename itself survives a crash of the machine. A temporary left by a killed write is removed by
 * the next `--resume` ({@link removeStaleTemporaries}). Unlike the result files (writeAtomic),
 * a replica file also fsyncs its directory, and a replica directory cleans up after itself.
 *
 * @throws {IOError} naming the file.
 */
export function writeReplicaFile(dir: string, record: ReplicaRecord, fingerprint: string): void {
  const path = replicaFilePath(dir, record.replica);
  const temporary = `${path}.${process.pid}-${threadId}`;
  try {
    mkdirSync(join(dir, REPLICA_DIR), { recursive: true });
    const bytes = encodeReplica(record, fingerprint);
    const fd = openSync(temporary, "w");
    try {
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    fsyncDirectory(dirname(path));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new IOError(path, (error as Error).message);
  }
}

/**
 * Flushes a directory's entries (a rename into it) to disk. Platforms that cannot open a
 * directory for fsync (Windows) are skipped: their renames are not journalled this way.
 */
function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch (error) {
    if (["EISDIR", "EPERM", "EACCES"].includes((error as NodeJS.ErrnoException).code ?? "")) return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    if (!["EINVAL", "EPERM", "EBADF"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a corrupt replica file into `replicas/corrupt/` (as `r000017.bin`, or `r000017.bin.1`,
 * … if an earlier one is there), so that its replica can be simulated again without losing the
 * evidence.
 *
 * @returns the new path.
 * @throws {IOError} when the file cannot be moved.
 */
export function moveAsideCorrupt(path: string): string {
  const aside = join(dirname(path), CORRUPT_DIR);
  let target = join(aside, basename(path));
  for (let i = 1; existsSync(target); i++) target = join(aside, `${basename(path)}.${i}`);
  try {
    mkdirSync(aside, { recursive: true });
    renameSync(path, target);
    fsyncDirectory(aside);
    fsyncDirectory(dirname(path));
  } catch (error) {
    throw new IOError(path, `cannot move the corrupt file aside (${(error as Error).message})`);
  }
  return target;
}

/**
 * Reads and decodes one replica file, checking its checksum.
 *
 * @throws {IOError} when it cannot be read; {@link CorruptReplicaError} when it is corrupt.
 */
export function readReplicaFile(path: string): ReplicaRecord & { fingerprint: string } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (error) {
    throw new IOError(path, (error as Error).message);
  }
  return decodeReplica(buf, path);
}
