//! Framing layers: how bytes pushed in chunks become records, values, elements and text
//! for the readers (delimited records, whole JSON values, XML events, decoding and line ends).

/// Compiled in wasm too (the readers hold its types) but only used natively.
pub mod json_apart;
pub mod json_values;
pub mod parsed_values;
#[cfg(not(target_arch = "wasm32"))]
pub mod parts;
pub mod records;
pub mod text;
pub mod xml;
