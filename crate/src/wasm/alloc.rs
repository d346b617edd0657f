//! The wasm build's global allocator: power-of-two size classes, each a free list of blocks
//! carved from memory the module grows. It replaces dlmalloc, std's default, which was 8 KB of
//! the module: the core makes small, short-lived allocations that size classes serve in O(1),
//! and a freed block waits in its class for the next allocation of that size. Memory is never
//! handed back (wasm cannot shrink memory anyway); what a class once held, it keeps.

use std::alloc::{GlobalAlloc, Layout};
use std::arch::wasm32::memory_grow;
use std::cell::UnsafeCell;
use std::ptr::null_mut;

const PAGE: usize = 65536;
/// The smallest block holds the free list's link.
const MIN_BLOCK: usize = 8;
/// Blocks are carved aligned to their size up to this; requests for more alignment (no type
/// here has any) get fresh blocks aligned for them.
const BLOCK_ALIGN: usize = 16;

struct Heap {
    /// The first free block of each class (a block of `1 << class` bytes); each free block
    /// starts with the address of the next one.
    free: [*mut u8; usize::BITS as usize],
    /// The part of the last memory grown that no block has yet.
    next: usize,
    end: usize,
}

struct Allocator(UnsafeCell<Heap>);

// SAFETY: wasm32 without the atomics feature runs one thread; the global allocator is built
// only then (see below).
unsafe impl Sync for Allocator {}

#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(Heap {
    free: [null_mut(); usize::BITS as usize],
    next: 0,
    end: 0,
}));

/// The block size and class for `layout`, if one fits the address space.
fn class(layout: Layout) -> Option<(usize, usize)> {
    let size = layout
        .size()
        .max(layout.align())
        .max(MIN_BLOCK)
        .checked_next_power_of_two()?;
    Some((size, size.trailing_zeros() as usize))
}

impl Heap {
    /// A new block of `size` bytes aligned to `align`, growing memory when needed.
    fn carve(&mut self, size: usize, align: usize) -> *mut u8 {
        let fits = |heap: &Heap| {
            let start = heap.next.checked_next_multiple_of(align)?;
            Some(start).filter(|s| s.checked_add(size).is_some_and(|end| end <= heap.end))
        };
        if fits(self).is_none() {
            let Some(pages) = size.checked_add(align).map(|n| n.div_ceil(PAGE)) else {
                return null_mut();
            };
            let old = memory_grow::<0>(pages);
            let (Some(base), Some(end)) = (
                old.checked_mul(PAGE),
                old.checked_add(pages).and_then(|n| n.checked_mul(PAGE)),
            ) else {
                return null_mut(); // also memory_grow's failure, usize::MAX
            };
            // Contiguous with what is left, or a fresh region (the rest of the old one is lost).
            if base != self.end {
                self.next = base;
            }
            self.end = end;
        }
        let Some(start) = fits(self) else {
            return null_mut();
        };
        self.next = start + size;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread, and no allocator call re-enters another.
        let heap = unsafe { &mut *self.0.get() };
        let Some((size, class)) = class(layout) else {
            return null_mut();
        };
        if layout.align() > BLOCK_ALIGN {
            return heap.carve(size, layout.align());
        }
        let Some(head) = heap.free.get_mut(class) else {
            return null_mut();
        };
        if head.is_null() {
            return heap.carve(size, size.min(BLOCK_ALIGN));
        }
        let block = *head;
        // SAFETY: a free block starts with the link written by `dealloc`.
        *head = unsafe { block.cast::<*mut u8>().read() };
        block
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let heap = unsafe { &mut *self.0.get() };
        if let Some(head) = class(layout).and_then(|(_, class)| heap.free.get_mut(class)) {
            // SAFETY: the block is ours again and at least MIN_BLOCK bytes, aligned for a link.
            unsafe { ptr.cast::<*mut u8>().write(*head) };
            *head = ptr;
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A string or vector growing within its block (up to twice its size) stays in place.
        // SAFETY: the caller's contract: `new_size` with `layout.align()` is a valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(layout) == class(new_layout) {
            return ptr;
        }
        // SAFETY: GlobalAlloc's contract, passed on.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks hold at least the smaller size and do not overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}
