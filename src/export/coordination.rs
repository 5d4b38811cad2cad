//! The coordination network as files (see [`crate::coordination`]): the JSON report (the
//! shape of [`CoordinationReport`], which `attache coordination --format json` prints and
//! the page's "Coordination JSON" downloads) and its pairs as CSV, one row per pair:
//! `a,b,shared,group` (the group is 1-based, in the order the groups are listed). Both
//! name accounts by the session's [`Names`], so under pseudonyms no id or post id leaves.
//! One writer for both doors: the same files and settings give the same bytes.

use std::io::{self, Write};

use crate::api::CoordinationReport;
use crate::coordination::Coordination;
use crate::network::Network;

use super::Names;

/// The report as indented JSON, ending with a line end.
pub fn write_json(report: &CoordinationReport, mut out: impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report).map_err(io::Error::other)?;
    writeln!(out)
}

/// The kept pairs, by shared count (highest first), with each pair's group.
pub fn write_csv(found: &Coordination, names: &Names, network: &Network, out: impl Write) -> io::Result<()> {
    let membership = found.membership(network.account_count());
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["a", "b", "shared", "group"])?;
    for pair in &found.pairs {
        writer.write_record([
            names.id(pair.a as usize),
            names.id(pair.b as usize),
            &pair.shared.to_string(),
            &(membership[pair.a as usize] + 1).to_string(),
        ])?;
    }
    writer.flush()
}
