// The built core (dist/wasm, the contract path), instantiated synchronously as any tool may.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WASM_DIR } from '../../scripts/paths.mjs';

const core = await import(join(WASM_DIR, 'authlens_core.js'));
const instance = core.initSync({ module: readFileSync(join(WASM_DIR, 'authlens_core_bg.wasm')) });

export const { parseChallenges, diagnose, diagnoseFlow, renderPopup, reportOf, registrableDomain, message } = core;

/** The instance's memory, to watch it grow. */
export const { memory } = instance;
