// Loads a build of the Rust core (wasm) once, on first use: ordinary traffic never
// instantiates it. Each page has its own build with only the exports it calls
// (scripts/build.mjs): `glue` is that build's wasm-bindgen module, `name` its file's.

/**
 * A function that resolves to the initialised `glue` (rejects if the wasm cannot be loaded).
 * Its `started()`, called after the first call into the core, records how long the core took
 * from being asked for to that first answer (fetch, compile, instantiate, first call) as the
 * User Timing measure `authlens:<name>`, once, and `authlens:<name>:loaded` the part before the
 * first call: the bench reads them where the core starts.
 */
export function coreLoader(glue, name) {
  let loading;
  let askedAt;
  const load = () => {
    if (!loading) {
      const start = performance.now();
      askedAt = start;
      loading = glue.default({ module_or_path: new URL(`/wasm/${name}_bg.wasm`, import.meta.url) }).then(() => {
        performance.measure(`authlens:${name}:loaded`, { start });
        return glue;
      });
    }
    return loading;
  };
  load.started = () => {
    if (askedAt === undefined) return;
    performance.measure(`authlens:${name}`, { start: askedAt });
    askedAt = undefined;
  };
  return load;
}
