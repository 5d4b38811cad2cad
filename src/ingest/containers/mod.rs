//! Containers: ZIP archives, whose members are read as files of their own.

pub mod archive;
pub mod zip;
