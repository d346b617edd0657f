// Loads a build of the Rust core (wasm) once, on first use: ordinary traffic never
// instantiates it. Each page has its own build with only the exports it calls
// (scripts/build.mjs): `glue` is that build's wasm-bindgen module, `name` its file's.

/** A function that resolves to the initialised `glue` (rejects if the wasm cannot be loaded). */
export function coreLoader(glue, name) {
  let loading;
  return () => {
    loading ??= glue.default({ module_or_path: new URL(`/wasm/${name}_bg.wasm`, import.meta.url) }).then(() => glue);
    return loading;
  };
}
