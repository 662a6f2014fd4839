//! panorama: the static site generator of the collection « Les panoramas
//! régionaux de l'inclusion dans l'emploi ».
//!
//! The pipeline reads like the design: `load` → `resolve` → `render` (with
//! its post-processing: typography, link facts, search index) → `write`,
//! each stage returning a new typed value; [`build`] runs it and [`serve`]
//! sits on top. ARCHITECTURE.md maps the modules.
//!
//! The public API is what the binary and the integration tests use: build
//! options and commands ([`build`]), diagnostics ([`diagnostic`]), the
//! generated files ([`output`]), the external link check ([`linkcheck`]) and
//! the preview server ([`serve`]). Everything else is crate-private.

// Bad input comes back as a diagnostic, never a panic (clippy.toml allows
// unwrap/expect in tests).
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod build;
pub mod diagnostic;
mod french;
mod html;
mod lang;
pub mod linkcheck;
pub(crate) mod load;
pub(crate) mod media;
pub(crate) mod model;
pub mod output;
mod paths;
pub(crate) mod pdf;
mod progress;
pub(crate) mod render;
pub(crate) mod resolve;
pub(crate) mod safety;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod slug;
mod timing;
pub(crate) mod typography;
pub(crate) mod write;
