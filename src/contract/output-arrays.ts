/**
 * The arrays of a run, described once: for every named array (f_1, f_2, the spatial fields,
 * f_1(x, v)) its values per replica and time, how the replicas combine into the ensemble's
 * estimate, and the cells and columns of its CSV file. Replica files, replica records, the
 * ensemble statistics and the reading and writing of run directories handle every array through
 * this table ({@link OUTPUT_ARRAYS}) and never by its name, so a new observable array is an entry
 * here, its producer, and the figure that draws it.
 *
 * An array is carried under its name: `ReplicaResult[name]` holds one replica's values per time
 * (`values[t][cell]`, cells in the order of its grid), `RunOutput[name]` the ensemble's (or a
 * solver's) array, typed by {@link RunArrays}.
 *
 * @module
 */
import type { ModelConfig } from "../model/config.js";
import { AXES, type CellEstimate, type Fields, type Histogram1D, type Histogram2D, type PhaseSpaceHistogram } from "./run-output.js";

/** What an array's shape depends on. */
export type ArrayConfig = Pick<ModelConfig, "dimension" | "space" | "histogram">;

/**
 * How the replicas' values of an array combine (src/ensemble/statistics.ts):
 * * `mean`: per cell, the mean over replicas and its standard error (histograms);
 * * `fields`: per cell the densities (ρ, j_1 … j_d, e) combine into ρ, j and the velocity
 *   variance T = e/ρ − |j|²/ρ², the ratio estimator with its delta-method standard error
 *   (src/ensemble/field-statistics.ts).
 */
export type Combination = "mean" | "fields";

/** One axis of an array's cells, as the CSV columns that name a cell. */
export type GridAxis =
  /** A categorical axis: one column `column` holding a label (e.g. `component`: x, y, z). */
  | { kind: "labels"; column: string; labels: readonly string[] }
  /** A binned axis: columns `<column>_lo`, `<column>_hi`, cell i = [edges[i], edges[i+1]). */
  | { kind: "bins"; column: string; edges: number[] };

/**
 * How a cell index runs over the axes of a grid: `row-major` (the last axis fastest, e.g.
 * f1[c·bins + b]) or `first-fastest` (e.g. the fields' i_x + C·i_y + C²·i_z).
 */
export type CellOrder = "row-major" | "first-fastest";

/** An array as its CSV file holds it: the cells of its grid, and its value columns per time and cell. */
export interface ArrayTable {
  axes: GridAxis[];
  /** columns[k].values[t][cell]. */
  columns: { name: string; values: number[][] }[];
}

/** The typed arrays of a {@link RunOutput}-like object, by name. */
export interface RunArrays {
  /** f_1 histograms (absent for solvers that do not resolve states, the moment systems). */
  f1?: Histogram1D;
  f2?: Histogram2D;
  /** The spatial model: fields per cell (fields.csv). */
  fields?: Fields;
  /** The spatial model in d = 1: f_1(x, v) (f1xv.csv). */
  f1xv?: PhaseSpaceHistogram;
}

/** One named array: its entry in {@link OUTPUT_ARRAYS}. */
export interface OutputArray {
  /** The key under which a replica result, a replica record, a replica file and a run output carry it. */
  name: string;
  /** Its CSV file in a run directory. */
  file: string;
  combine: Combination;
  /** The order of its cells over the axes of its grid (default `row-major`). */
  cellOrder?: CellOrder;
  /** Values per time of one replica of `config` (its cells × value slots); 0 when `config` does not produce it. */
  replicaValues(config: ArrayConfig): number;
  /**
   * Whether an ensemble keeps every replica's values of it in memory (`RunOutput.replicaSamples`,
   * for the covariance of the cells a distance takes).
   */
  keepsSamples?(config: ArrayConfig): boolean;
  /**
   * Replica files group arrays: the arrays of one group are written together (their cell counts,
   * then their non-zero counts) and only when one of them has values (default: the array's name).
   */
  fileGroup?: string;
  /** The replica file's header key of its cells per time (default `<name>Cells`). */
  cellsKey?: string;
  /** A `mean` array: the run output's array from the ensemble's means and standard errors, [t][cell]. */
  fromMeans?(config: ArrayConfig, mean: number[][], stderr: number[][]): unknown;
  /** Its CSV table. */
  table(value: unknown): ArrayTable;
  /** The array from its CSV table (as read back). */
  fromTable(table: ArrayTable, config: ArrayConfig): unknown;
}

/**
 * Bin edges min + b·(max − min)/bins, b = 0 … bins.
 *
 * @example
 * binEdges(0, 1, 4) // [0, 0.25, 0.5, 0.75, 1]
 */
export function binEdges(min: number, max: number, bins: number): number[] {
  return Array.from({ length: bins + 1 }, (_, b) => min + ((max - min) * b) / bins);
}

/** The `component` axis of a d > 1 marginal, none in d = 1. */
function componentAxis(components: number | undefined): GridAxis[] {
  return (components ?? 1) > 1 ? [{ kind: "labels", column: "component", labels: AXES.slice(0, components) }] : [];
}

/** The number of components of a table's `component` axis, as the optional `components` of a histogram. */
function components(table: ArrayTable): { components?: number } {
  const axis = table.axes.find((a) => a.column === "component");
  return axis?.kind === "labels" && axis.labels.length > 1 ? { components: axis.labels.length } : {};
}

/** The edges of a table's binned axis `column`. */
function edgesOf(table: ArrayTable, column: string): number[] {
  const axis = table.axes.find((a) => a.column === column);
  return axis?.kind === "bins" ? axis.edges : [];
}

/** The values of a table's column `name` ([] per time when absent). */
function columnOf(table: ArrayTable, name: string): number[][] | undefined {
  return table.columns.find((c) => c.name === name)?.values;
}

/** `density` and `stderr` columns, and `error` when there is one. */
function densityColumns(h: { density: number[][]; stderr: number[][]; error?: number[][] }): ArrayTable["columns"] {
  return [{ name: "density", values: h.density }, { name: "stderr", values: h.stderr }, ...(h.error ? [{ name: "error", values: h.error }] : [])];
}

/** `density`, `stderr` and (if present) `error` of a table. */
function densities(table: ArrayTable): { density: number[][]; stderr: number[][]; error?: number[][] } {
  const error = columnOf(table, "error");
  return { density: columnOf(table, "density") ?? [], stderr: columnOf(table, "stderr") ?? [], ...(error ? { error } : {}) };
}

/** The cell edges [0, h, 2h, …, C·h] of the box, h = L/C. */
function boxEdges(length: number, cells: number): number[] {
  const h = length / cells;
  return Array.from({ length: cells + 1 }, (_, i) => i * h);
}

/**
 * f_1: bin averages on the histogram's bins (d > 1: the d component marginals one after the other,
 * f1[t][c·bins + b]); f1.csv `t[,component],v_lo,v_hi,density,stderr[,error]`.
 */
const F1: OutputArray = {
  name: "f1",
  file: "f1.csv",
  combine: "mean",
  replicaValues: ({ dimension, histogram }) => dimension * histogram.bins,
  keepsSamples: () => true,
  fileGroup: "velocity",
  fromMeans: ({ dimension, histogram: h }, density, stderr): Histogram1D => ({ edges: binEdges(h.min, h.max, h.bins), density, stderr, ...(dimension > 1 ? { components: dimension } : {}) }),
  table: (value) => {
    const h = value as Histogram1D;
    return { axes: [...componentAxis(h.components), { kind: "bins", column: "v", edges: h.edges }], columns: densityColumns(h) };
  },
  fromTable: (table): Histogram1D => ({ edges: edgesOf(table, "v"), ...densities(table), ...components(table) }),
};

/** f_2: bin averages on pairBins² cells, a the first slot (d > 1: per component); f2.csv `t[,component],v1_lo,v1_hi,v2_lo,v2_hi,density,stderr`. */
const F2: OutputArray = {
  name: "f2",
  file: "f2.csv",
  combine: "mean",
  replicaValues: ({ dimension, histogram }) => dimension * histogram.pairBins ** 2,
  fileGroup: "velocity",
  fromMeans: ({ dimension, histogram: h }, density, stderr): Histogram2D => ({ edges: binEdges(h.min, h.max, h.pairBins), density, stderr, ...(dimension > 1 ? { components: dimension } : {}) }),
  table: (value) => {
    const h = value as Histogram2D;
    const v = (column: string): GridAxis => ({ kind: "bins", column, edges: h.edges });
    return { axes: [...componentAxis(h.components), v("v1"), v("v2")], columns: densityColumns(h) };
  },
  fromTable: (table): Histogram2D => ({ edges: edgesOf(table, "v1"), ...densities(table), ...components(table) }),
};

/**
 * The spatial fields (docs/space.md): a replica reports per time the densities (ρ, j_1 … j_d, e)
 * per cell, fields[t][a·Cᵈ + cell]; the ensemble reports ρ, j and T. fields.csv
 * `t,x_lo,x_hi[,y_lo,y_hi[,z_lo,z_hi]],rho,rho_se,j_x,j_x_se[,…],T,T_se`.
 */
const FIELDS: OutputArray = {
  name: "fields",
  file: "fields.csv",
  combine: "fields",
  cellOrder: "first-fastest",
  replicaValues: ({ dimension, space }) => (space ? (dimension + 2) * space.cells ** dimension : 0),
  keepsSamples: ({ dimension }) => dimension === 1,
  fileGroup: "space",
  cellsKey: "fieldCells",
  table: (value) => {
    const f = value as Fields;
    const axes = AXES.slice(0, f.dimension);
    const estimates: [string, CellEstimate][] = [["rho", f.rho], ...axes.map((axis, c): [string, CellEstimate] => [`j_${axis}`, f.momentum[c]]), ["T", f.T]];
    return {
      axes: axes.map((column) => ({ kind: "bins", column, edges: boxEdges(f.length, f.cells) })),
      columns: estimates.flatMap(([name, e]) => [{ name, values: e.mean }, { name: `${name}_se`, values: e.stderr }]),
    };
  },
  fromTable: (table, { dimension, space }): Fields => {
    const x = edgesOf(table, "x");
    const column = (name: string): CellEstimate => ({ mean: columnOf(table, name) ?? [], stderr: columnOf(table, `${name}_se`) ?? [] });
    return {
      dimension,
      length: space?.length ?? x[x.length - 1],
      cells: space?.cells ?? x.length - 1,
      rho: column("rho"),
      momentum: AXES.slice(0, dimension).map((axis) => column(`j_${axis}`)),
      T: column("T"),
    };
  },
};

/** f_1(x, v) of the spatial model in d = 1, f1xv[t][ix·bins + iv]; f1xv.csv `t,x_lo,x_hi,v_lo,v_hi,density,stderr`. */
const F1XV: OutputArray = {
  name: "f1xv",
  file: "f1xv.csv",
  combine: "mean",
  replicaValues: ({ dimension, space, histogram }) => (space && dimension === 1 ? space.cells * histogram.bins : 0),
  fileGroup: "space",
  fromMeans: ({ space, histogram: h }, density, stderr): PhaseSpaceHistogram => ({
    xEdges: binEdges(0, space!.length, space!.cells),
    vEdges: binEdges(h.min, h.max, h.bins),
    density,
    stderr,
  }),
  table: (value) => {
    const f = value as PhaseSpaceHistogram;
    return { axes: [{ kind: "bins", column: "x", edges: f.xEdges }, { kind: "bins", column: "v", edges: f.vEdges }], columns: densityColumns(f) };
  },
  fromTable: (table): PhaseSpaceHistogram => ({ xEdges: edgesOf(table, "x"), vEdges: edgesOf(table, "v"), density: columnOf(table, "density") ?? [], stderr: columnOf(table, "stderr") ?? [] }),
};

/**
 * Every named array, in the order of their files and of their sections in a replica file. Code
 * that handles arrays iterates over this table; a new array is one more entry.
 */
export const OUTPUT_ARRAYS: OutputArray[] = [F1, F2, FIELDS, F1XV];

/**
 * The array `name` that `holder` (a replica result or a run output) carries, undefined when absent.
 *
 * @example
 * arrayOf({ f1: [[1, 2]] }, "f1") // [[1, 2]]
 */
export function arrayOf<T = unknown>(holder: object, name: string): T | undefined {
  return (holder as Record<string, T | undefined>)[name];
}
