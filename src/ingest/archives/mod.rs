//! Account archives: what one account exported of its own activity (X's `data/*.js`,
//! Mastodon's outbox and CSVs, Bluesky's repository CAR), and the owner they share.

pub mod bluesky;
pub mod car;
pub mod mastodon;
pub mod owners;
pub mod x_archive;
