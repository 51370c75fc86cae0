//! Documented limits of the model language (docs/model.md, "Limits").

/// Largest model document, in bytes.
pub const MAX_MODEL_BYTES: usize = 1 << 20;
/// Most rules in one model, over all groups.
pub const MAX_RULES: usize = 1_000;
/// Most personas.
pub const MAX_PERSONAS: usize = 64;
/// Most stages.
pub const MAX_STAGES: usize = 32;
/// Most routing rules.
pub const MAX_ROUTES: usize = 256;
/// Deepest condition nesting (a leaf directly under `if` is depth 1).
pub const MAX_DEPTH: usize = 16;
/// Most entries in one list.
pub const MAX_LIST_LEN: usize = 10_000;
/// Longest string value, in characters.
pub const MAX_STRING_CHARS: usize = 256;
/// Longest identifier, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// Most events read from one lead.
pub const MAX_EVENTS: usize = 1_000;
/// Longest text compared, in bytes; longer values are cut (with a warning).
pub const MAX_TEXT_BYTES: usize = 4_096;
/// Most work scoring one lead may cost, in the units of `model::work`
/// (docs/model.md, "Limits").
pub const MAX_WORK: usize = 40_000;
