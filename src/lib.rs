//! attaché: influence analysis of social-media exports, in the browser and on the shell.
//!
//! The pipeline: [`ingest`] reads exports, chunk by chunk, into a [`network::Network`];
//! [`analysis::Analysis`] builds its [`csr::Csr`] snapshot once and runs the
//! [`metrics`] on it under the settings in force; [`scores`] ranks and exports the
//! results. [`session::Session`] owns it all from the bytes to the answers, and is what
//! both doors drive: the command-line tool (`src/bin/attache/`) and, through the
//! boundary types of [`api`], the page. Only `wasm.rs` (compiled for `wasm32` alone)
//! knows about JavaScript.

pub mod analysis;
pub mod api;
pub mod coordination;
pub mod csr;
pub mod explain;
pub mod export;
pub mod groups;
pub mod ingest;
pub mod layout;
pub mod metrics;
pub mod network;
pub mod owner;
pub mod paths;
pub mod progress;
pub mod scores;
pub mod session;
pub mod structure;
pub mod time;
pub mod timeline;
pub mod topics;

#[cfg(target_arch = "wasm32")]
mod wasm;
