// Loads the Rust core (wasm) once, on first use: ordinary traffic never instantiates it.
import init, * as core from './wasm/authlens_core.js';

let loading;

/** The initialised core module; rejects if the wasm cannot be loaded. */
export function loadCore() {
  loading ??= init({ module_or_path: new URL('/wasm/authlens_core_bg.wasm', import.meta.url) }).then(() => core);
  return loading;
}
