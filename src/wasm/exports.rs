//! `leadgate/lite`'s exports: the engine's methods as plain wasm functions
//! for `pkg-template/lite/glue.js`, without wasm-bindgen, whose per-export
//! shims, borrow flags and start-up cost lite ~1 KB of gzipped download
//! (docs/js.md, "Size"). Each is exported under its name without `engine_`
//! (`load`, `score`, …: fewer bytes in the wasm and the glue);
//! `scripts/build-pkg` checks that the wasm exports exactly these functions
//! and imports nothing.
//!
//! Everything crosses as an address, as with wasm-bindgen: [`engine_load`]
//! boxes an engine, [`engine_free`] drops it, and the other exports borrow
//! it for the length of the call; compiled bytes are a boxed buffer JS
//! fills ([`engine_buffer`]) and [`engine_load`] frees; a text is the
//! engine's, JS reads it where [`engine_text`] says. That is this module's
//! `unsafe` contract with the glue, the same one wasm-bindgen's generated
//! code relies on: an address is one these exports returned, in this
//! instance, and not yet freed (the glue sets a freed or forgotten engine's
//! address to 0, which every export takes as "no engine", and `api.js`
//! refuses calls on a freed scorer), and no export runs while another does
//! (they never call back into JS, and `api.js` refuses re-entrant calls
//! from a lead's getters).

use super::Engine;

/// Makes room for `len` bytes of a compiled model, to be read by
/// [`engine_load`]; returns their address.
#[export_name = "buffer"]
pub extern "C" fn engine_buffer(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast()
}

/// Loads the compiled model JS wrote into the `len` bytes at `bytes`
/// (`Engine::load`: never fails, see `Engine::text(1)`) and frees them;
/// returns the engine's address.
///
/// # Safety
/// `bytes` and `len` are an [`engine_buffer`] and its length, not yet loaded.
#[export_name = "load"]
pub unsafe extern "C" fn engine_load(bytes: *mut u8, len: usize) -> *mut Engine {
    let bytes = Box::from_raw(std::ptr::slice_from_raw_parts_mut(bytes, len));
    Box::into_raw(Box::new(Engine::load(&bytes)))
}

/// Frees the engine at `engine` (0: nothing to free).
///
/// # Safety
/// `engine` is 0 or an address [`engine_load`] returned and not yet freed;
/// it must not be used again.
#[export_name = "free"]
pub unsafe extern "C" fn engine_free(engine: *mut Engine) {
    if !engine.is_null() {
        drop(Box::from_raw(engine));
    }
}

/// `Engine::text`: where the text is, as its address + 2^32 × its length
/// in UTF-8 bytes (kept by the engine until its next `engine_text`).
///
/// # Safety
/// As [`engine_free`], and `engine` stays alive.
#[export_name = "text"]
pub unsafe extern "C" fn engine_text(engine: *mut Engine, which: u32) -> f64 {
    engine.as_mut().map_or(0.0, |e| {
        e.shown = e.text(which);
        e.shown.as_ptr() as usize as f64 + e.shown.len() as f64 * 4_294_967_296.0
    })
}

/// `Engine::input` (0 without an engine).
///
/// # Safety
/// As [`engine_text`].
#[export_name = "input"]
pub unsafe extern "C" fn engine_input(engine: *mut Engine, tape: usize, bytes: usize) -> *mut f64 {
    engine
        .as_mut()
        .map_or(std::ptr::null_mut(), |e| e.input(tape, bytes))
}

/// `Engine::input_bytes` (0 without an engine).
///
/// # Safety
/// As [`engine_text`].
#[export_name = "input_bytes"]
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
#[export_name = "score"]
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
