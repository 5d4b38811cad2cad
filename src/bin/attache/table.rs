//! Plain-text tables for the terminal.

use std::io::{self, Write};

use attache::network::Network;
use attache::owner::OwnerView;
use attache::scores::ScoreTable;
use attache::session::LoadSummary;

/// Longest label shown before it is cut with an ellipsis.
const LABEL_WIDTH: usize = 32;

/// A ranking: rank, id, label and one column per metric, aligned.
pub fn write(network: &Network, table: &ScoreTable, order: &[u32], out: &mut dyn Write) -> io::Result<()> {
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(order.len() + 1);
    let mut header = vec!["rank".to_owned(), "id".to_owned(), "label".to_owned()];
    header.extend(table.metrics.iter().cloned());
    rows.push(header);
    for (position, &account) in order.iter().enumerate() {
        let info = &network.accounts[account as usize];
        let mut row = vec![
            (position + 1).to_string(),
            info.id.clone(),
            shorten(info.display_label()),
        ];
        row.extend(
            table
                .columns
                .iter()
                .map(|column| format_short(column[account as usize])),
        );
        rows.push(row);
    }
    write_aligned(&rows, 3, out)
}

/// What `attache inspect` prints without `--json`.
pub fn write_inspection(loaded: &LoadSummary, out: &mut dyn Write) -> io::Result<()> {
    let summary = &loaded.network;
    for file in &loaded.files {
        writeln!(
            out,
            "{}: {} ({} bytes, {} records, {} skipped; {} new accounts, {} new posts)",
            file.path,
            file.format.name(),
            file.bytes,
            file.records,
            file.skipped,
            file.accounts,
            file.posts
        )?;
        for (kind, count) in &file.interactions {
            writeln!(out, "  {:<8} {count}", kind.as_str())?;
        }
        let rows = &file.node_rows;
        if rows.rows > 0 {
            writeln!(
                out,
                "  node rows {} (matched {} by id, {} by handle; {} added; {} ambiguous)",
                rows.rows, rows.matched_by_id, rows.matched_by_handle, rows.added, rows.ambiguous
            )?;
        }
        for note in &file.notes {
            writeln!(out, "  note: {note}")?;
        }
    }
    writeln!(out, "accounts: {}", summary.nodes)?;
    writeln!(out, "posts: {}", summary.posts)?;
    writeln!(out, "edges (distinct actor → target pairs): {}", summary.edges)?;
    writeln!(out, "interactions by kind:")?;
    for (kind, count) in &summary.interactions {
        writeln!(out, "  {:<8} {count}", kind.as_str())?;
    }
    writeln!(out, "self-interactions dropped: {}", summary.self_interactions)?;
    writeln!(out, "duplicates merged: {}", summary.duplicates)?;
    if !loaded.warnings.is_empty() {
        writeln!(out, "warnings: {}", loaded.warnings.len())?;
        for warning in &loaded.warnings {
            match warning.line {
                Some(line) => writeln!(out, "  {}:{line}: {}", warning.file, warning.message)?,
                None => writeln!(out, "  {}: {}", warning.file, warning.message)?,
            }
        }
    }
    Ok(())
}

/// An account export's owner first: which posts travelled, whom it engages, when it was active.
pub fn write_owner(view: &OwnerView, out: &mut dyn Write) -> io::Result<()> {
    let owner = &view.owner;
    writeln!(
        out,
        "owner: {} ({}), the centre of this ego network",
        owner.label, owner.id
    )?;
    let count = |v: Option<u32>| v.map_or_else(|| "–".to_owned(), |v| v.to_string());
    writeln!(out, "  its posts: {}; those that travelled most (reposts, quotes, replies, likes counted by the platform; interactions in the data):", view.posts)?;
    for post in &view.travelled {
        let time = post.time.as_deref().unwrap_or("undated");
        writeln!(
            out,
            "    {} {time}: {} reposts, {} quotes, {} replies, {} likes; {} in the data",
            post.id,
            count(post.reposts),
            count(post.quotes),
            count(post.replies),
            count(post.likes),
            post.in_data
        )?;
    }
    writeln!(out, "  whom it engages ({} accounts):", view.engaged_accounts)?;
    for engaged in &view.engaged {
        let kinds: Vec<String> = engaged
            .kinds
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        writeln!(
            out,
            "    {} ({}): {}",
            engaged.account.label,
            engaged.account.id,
            kinds.join(", ")
        )?;
    }
    let received: Vec<String> = view
        .received
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    writeln!(
        out,
        "  received in the data: {}",
        if received.is_empty() {
            "nothing".to_owned()
        } else {
            received.join(", ")
        }
    )?;
    for month in &view.activity {
        writeln!(
            out,
            "  {}: {} posts, {} interactions",
            month.month, month.posts, month.interactions
        )?;
    }
    for other in &view.other_owners {
        writeln!(out, "  another export's owner: {} ({})", other.label, other.id)?;
    }
    Ok(())
}

fn write_aligned(rows: &[Vec<String>], numeric_from: usize, out: &mut dyn Write) -> io::Result<()> {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|row| row[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                if c == 0 || c >= numeric_from {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

pub fn shorten(label: &str) -> String {
    let clean: String = label
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() <= LABEL_WIDTH {
        clean
    } else {
        let cut: String = clean.chars().take(LABEL_WIDTH - 1).collect();
        format!("{cut}…")
    }
}

/// Six significant digits for reading; the CSV and JSON outputs carry full precision.
pub fn format_short(value: f64) -> String {
    if value.is_nan() {
        "-".to_owned()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.6}");
        if value.abs() >= 1e-4 {
            text
        } else {
            format!("{value:.5e}")
        }
    }
}
