/**
 * The particle engines that the homogeneous exact-reference tests run over: the compiled
 * homogeneous event loop, and the spatial event loop with one cell of the box (in d = 1), whose
 * cell-local rates are then exactly the homogeneous ones (docs/space.md).
 */
export const ENGINES = [
  { engine: "homogeneous engine", box: {} },
  { engine: "spatial engine with one cell", box: { space: { length: 1, cells: 1 } } },
] as const;
