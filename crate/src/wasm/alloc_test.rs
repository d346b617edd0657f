//! Tests only (cargo feature `alloc-test`, in no shipped build): the global allocator's three
//! calls as exports, so that tests/core/alloc.test.mjs can run the wasm build's allocator (std's
//! default, dlmalloc) under a long randomized workload and check every block in the module's
//! memory. Native tests and fuzzing never run the wasm allocator; this does.

use std::alloc::{Layout, alloc, dealloc, realloc};

use wasm_bindgen::prelude::*;

/// The layout of a block: `None` for a size of zero (no block) or an alignment that is not a
/// power of two.
fn layout(size: u32, align: u32) -> Option<Layout> {
    let size = usize::try_from(size).ok().filter(|s| *s > 0)?;
    Layout::from_size_align(size, usize::try_from(align).ok()?).ok()
}

/// A new block of `size` bytes aligned to `align`: its address, 0 when refused.
#[wasm_bindgen(js_name = testAlloc)]
pub fn test_alloc(size: u32, align: u32) -> usize {
    // SAFETY: a valid layout of non-zero size.
    layout(size, align).map_or(0, |l| (unsafe { alloc(l) }) as usize)
}

/// Frees the block at `ptr`, which `testAlloc` or `testRealloc` returned with this size and
/// alignment (the test's contract: it passes back only its own live blocks).
#[wasm_bindgen(js_name = testDealloc)]
pub fn test_dealloc(ptr: usize, size: u32, align: u32) {
    if let Some(l) = layout(size, align).filter(|_| ptr != 0) {
        // SAFETY: the test's contract above.
        unsafe { dealloc(ptr as *mut u8, l) }
    }
}

/// The block at `ptr` (as for `testDealloc`) resized to `new_size`: its new address, 0 when
/// refused (the old block then stays).
#[wasm_bindgen(js_name = testRealloc)]
pub fn test_realloc(ptr: usize, size: u32, align: u32, new_size: u32) -> usize {
    match (layout(size, align), layout(new_size, align)) {
        // SAFETY: the test's contract above; the new size with the alignment is a valid layout.
        (Some(l), Some(_)) if ptr != 0 => {
            (unsafe { realloc(ptr as *mut u8, l, new_size as usize) }) as usize
        }
        _ => 0,
    }
}
