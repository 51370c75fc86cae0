//! The lite build's allocator: power-of-two size classes, each with a free
//! list, carved from memory the module grows. No coalescing and no search,
//! so it is a few hundred bytes of wasm (talc was ~1.5 KB) and O(1) per call.
//!
//! Memory stays bounded: a freed block goes back to its class and the next
//! request of that class reuses it, so a scorer that repeats the same kind
//! of calls (10,000 failing ones in the JS tests) stops growing after the
//! first. The price is up to 2× per block and no reuse across classes.
//! Single-threaded wasm only (the build has no `atomics`).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

/// Bytes of a wasm memory page.
const PAGE: usize = 65_536;
/// Every block is at least this big and this aligned (a free block holds
/// the address of the next one).
const MIN: usize = 16;

/// The allocator of every lite build (smaller than dlmalloc or talc).
#[global_allocator]
static ALLOCATOR: Classes = Classes::new();

/// Free lists by size class (block size `2^class`), and the unused memory
/// `[bump, end)` new blocks are carved from.
pub struct Classes {
    free: UnsafeCell<([usize; usize::BITS as usize], usize, usize)>,
}

// Safety: wasm without threads runs one call at a time.
unsafe impl Sync for Classes {}

impl Classes {
    /// An allocator that owns nothing yet.
    pub const fn new() -> Classes {
        Classes {
            free: UnsafeCell::new(([0; usize::BITS as usize], 0, 0)),
        }
    }
}

/// The size class of a layout: the smallest power of two holding it.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(MIN);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // Safety: single-threaded, and no reference outlives this call.
        let (free, bump, end) = unsafe { &mut *self.free.get() };
        let class = class(layout);
        let align = layout.align().max(MIN);
        if let Some(head) = free.get_mut(class).filter(|h| **h != 0 && align == MIN) {
            let block = *head;
            // Safety: `block` is a free block of this class; its first word
            // holds the next free block's address.
            *head = unsafe { *(block as *const usize) };
            return block as *mut u8;
        }
        let Some(size) = 1usize.checked_shl(class as u32) else {
            return core::ptr::null_mut();
        };
        loop {
            let start = (*bump + align - 1) & !(align - 1);
            match start.checked_add(size) {
                Some(stop) if start >= *bump && stop <= *end => {
                    *bump = stop;
                    return start as *mut u8;
                }
                Some(stop) if start >= *bump => {
                    let pages = (stop - *end).div_ceil(PAGE);
                    let old = core::arch::wasm32::memory_grow::<0>(pages);
                    if old == usize::MAX {
                        return core::ptr::null_mut();
                    }
                    // Memory grown by someone else is not ours to carve.
                    if old * PAGE != *end {
                        *bump = old * PAGE;
                    }
                    *end = (old + pages) * PAGE;
                }
                _ => return core::ptr::null_mut(),
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Safety: single-threaded, and no reference outlives this call.
        let (free, _, _) = unsafe { &mut *self.free.get() };
        if let Some(head) = free.get_mut(class(layout)) {
            // Safety: the block is ours, at least `MIN` bytes and `MIN`-aligned.
            unsafe { *(ptr as *mut usize) = *head };
            *head = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Safety: the caller's layout rules, as for `GlobalAlloc::realloc`.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new) == class(layout) {
            return ptr;
        }
        // Safety: as `GlobalAlloc::realloc`'s default: a new block, the
        // bytes both hold copied, the old block freed.
        unsafe {
            let out = self.alloc(new);
            if !out.is_null() {
                core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            out
        }
    }
}
