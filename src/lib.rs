//! leadgate: the marketing/sales SLA as one JSON model, compiled once and
//! evaluated for each lead — the same answer in browsers, edge workers, Node,
//! Deno and the native CLI.
//!
//! ```
//! let model = leadgate::compile(leadgate::DEFAULT_MODEL).map_err(|e| e.to_string())?;
//! let lead: leadgate::Value = serde_json::from_str(r#"{"email":"ana@acme.com.br"}"#)
//!     .map_err(|e| e.to_string())?;
//! let now = leadgate::Timestamp::parse("2026-11-26T12:00:00Z").ok_or("bad time")?;
//! let outcome = model
//!     .score(&lead, &leadgate::ScoreOptions::at(now))
//!     .map_err(|e| e.to_string())?;
//! assert_eq!(outcome.model.id, model.info().id);
//! # Ok::<(), String>(())
//! ```
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

pub mod csv;
mod decimal;
pub mod email;
mod email_lists;
pub mod error;
mod eval;
// Not in `leadgate/lite`: even unused, its code shifts the lite build's bytes.
#[cfg(any(feature = "cli", feature = "report-wasm"))]
pub mod ingest;
pub mod json_text;
pub mod keyword_set;
pub mod lead;
mod math;
pub mod model;
pub mod outcome;
pub mod points;
// Not in the npm package's builds (full and lite): the report runs in the CLI
// and the report page only, and its code, even unused, shifts lite's bytes.
#[cfg(any(feature = "cli", feature = "report-wasm"))]
pub mod report;
pub mod tape;
pub mod text;
pub mod time;
// Only where it runs (the CLI, the report page): a library that can reach
// it keeps the scorer's small helpers out of line, which costs the lite
// build bytes even though tune itself is never linked there.
#[cfg(any(feature = "cli", feature = "report-wasm"))]
pub mod tune;
pub mod value;

#[cfg(feature = "cli")]
pub mod cli;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{LeadError, ModelErrors, Problem};
pub use eval::{ScoreBuffers, ScoreOptions, LONE_SURROGATE_WARNING};
pub use lead::Value;
pub use model::{
    business_hours, compile, compile_bytes, compile_value, CompiledModel, LoadError, ModelInfo,
};
pub use outcome::{Grade, Outcome};
pub use points::Points;
pub use time::Timestamp;

/// The embedded default model (`models/default.json`): a realistic B2B SaaS SLA.
pub const DEFAULT_MODEL: &str = include_str!("../models/default.json");

/// The crate version, as published.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
