//! `leadgate/lite`'s exports: the engine's methods as plain wasm functions
//! for `pkg-template/lite/glue.js`, without wasm-bindgen, whose per-export
//! shims, borrow flags and start-up cost lite ~1 KB of gzipped download
//! (docs/js.md, "Size"). `scripts/build-pkg` checks that the wasm exports
//! exactly these functions and imports nothing.
//!
//! An engine crosses as its address, as with wasm-bindgen: [`engine_load`]
//! boxes it, [`engine_free`] drops it, and the other exports borrow it for
//! the length of the call. That is this module's `unsafe` contract with the
//! glue, the same one wasm-bindgen's generated code relies on: an address
//! is one `engine_load` returned, in this instance, and not yet freed (the
//! glue sets a freed or forgotten engine's address to 0, which every export
//! takes as "no engine", and `api.js` refuses calls on a freed scorer), and
//! no export runs while another does (they never call back into JS, and
//! `api.js` refuses re-entrant calls from a lead's getters).
//!
//! Texts cross without a copy: [`engine_text`] keeps the text and returns
//! where it is, and compiled bytes are written by JS into
//! [`engine_buffer`]'s buffer; both live in `SCRATCH` until the next such call.

use super::Engine;
use std::cell::RefCell;

thread_local! {
    /// The bytes of the model being loaded, and the last text JS read.
    static SCRATCH: RefCell<(Vec<u8>, String)> = const { RefCell::new((Vec::new(), String::new())) };
}

/// Makes room for `len` bytes of a compiled model, to be read by
/// [`engine_load`]; returns their address.
#[no_mangle]
pub extern "C" fn engine_buffer(len: usize) -> *mut u8 {
    SCRATCH.with_borrow_mut(|(buffer, _)| {
        buffer.clear();
        buffer.resize(len, 0);
        buffer.as_mut_ptr()
    })
}

/// Loads the compiled model JS wrote into [`engine_buffer`]'s first `len`
/// bytes (`Engine::load`: never fails, see `Engine::text(1)`); returns the
/// engine's address.
#[no_mangle]
pub extern "C" fn engine_load(len: usize) -> *mut Engine {
    let bytes = SCRATCH.with_borrow_mut(|(buffer, _)| std::mem::take(buffer));
    Box::into_raw(Box::new(Engine::load(bytes.get(..len).unwrap_or_default())))
}

/// Frees the engine at `engine` (0: nothing to free).
///
/// # Safety
/// `engine` is 0 or an address [`engine_load`] returned and not yet freed;
/// it must not be used again.
#[no_mangle]
pub unsafe extern "C" fn engine_free(engine: *mut Engine) {
    if !engine.is_null() {
        drop(Box::from_raw(engine));
    }
}

/// `Engine::text`: where the text is, as its address + 2^32 × its length
/// in UTF-8 bytes (valid until the next call of this function).
///
/// # Safety
/// As [`engine_free`], and `engine` stays alive.
#[no_mangle]
pub unsafe extern "C" fn engine_text(engine: *mut Engine, which: u32) -> f64 {
    let text = engine.as_mut().map(|e| e.text(which)).unwrap_or_default();
    SCRATCH.with_borrow_mut(|(_, kept)| {
        *kept = text;
        kept.as_ptr() as usize as f64 + kept.len() as f64 * 4_294_967_296.0
    })
}

/// `Engine::input` (0 without an engine).
///
/// # Safety
/// As [`engine_text`].
#[no_mangle]
pub unsafe extern "C" fn engine_input(engine: *mut Engine, tape: usize, bytes: usize) -> *mut f64 {
    engine
        .as_mut()
        .map_or(std::ptr::null_mut(), |e| e.input(tape, bytes))
}

/// `Engine::input_bytes` (0 without an engine).
///
/// # Safety
/// As [`engine_text`].
#[no_mangle]
pub unsafe extern "C" fn engine_input_bytes(engine: *mut Engine) -> *mut u8 {
    engine
        .as_mut()
        .map_or(std::ptr::null_mut(), Engine::input_bytes)
}

/// `Engine::score`, `many` being 0 or 1 (0 without an engine).
///
/// # Safety
/// As [`engine_text`].
#[allow(clippy::too_many_arguments)]
#[no_mangle]
pub unsafe extern "C" fn engine_score(
    engine: *mut Engine,
    count: usize,
    tape_len: usize,
    bytes_len: usize,
    now_ms: f64,
    now_len: i32,
    stage_len: i32,
    many: u32,
) -> *const f64 {
    engine.as_mut().map_or(std::ptr::null(), |e| {
        e.score(
            count,
            tape_len,
            bytes_len,
            now_ms,
            now_len,
            stage_len,
            many != 0,
        )
    })
}
