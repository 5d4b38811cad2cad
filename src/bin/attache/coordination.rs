//! `attache coordination FILE... [--by repost|link|all] [--window SECONDS] [--min-shared N]
//! [--format table|csv|json]`: accounts that repost the same posts or share the same links
//! within seconds of each other, again and again (see `attache::coordination`).
//!
//! `--by`, `--window` and `--min-shared` set the `coordination` lens's parameters (over an
//! analysis file's and `--param coordination.…`), so `--save-settings` records them and the
//! lens's column agrees with what is printed.

use std::io::{self, Write};

use attache::api::item_name;
use attache::coordination::{
    CoordinateBy, Coordination, CoordinationOptions, DEFAULT_PERMUTATIONS, DEFAULT_SEED, DEFAULT_TOP_ITEMS,
};
use attache::export::Names;
use attache::network::Network;
use attache::progress::Silent;

use crate::inputs::Inputs;
use crate::table::{format_short, shorten};
use crate::{finished, to_stdout, Failure};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Which actions are compared: reposts of the same post, links to the same URL, or both
    /// (default: the lens's parameter in force, else all).
    #[arg(long, value_enum)]
    by: Option<By>,
    /// Two actions on one item co-act when at most SECONDS apart (default 60).
    #[arg(long, value_name = "SECONDS")]
    window: Option<i64>,
    /// A pair is kept when it co-acted on at least N distinct items (default 3).
    #[arg(long, value_name = "N")]
    min_shared: Option<u32>,
    /// Seed of the baseline's permutations of the action times.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Permutations the baseline averages (0: no baseline).
    #[arg(long, default_value_t = DEFAULT_PERMUTATIONS)]
    permutations: u32,
    /// Items listed per group.
    #[arg(long, default_value_t = DEFAULT_TOP_ITEMS)]
    top_items: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum By {
    Repost,
    Link,
    All,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Format {
    Table,
    /// One row per pair: a, b, shared, group (1-based, in the order groups are listed).
    Csv,
    Json,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let mut opened = args.inputs.open()?;
    let session = &mut opened.session;
    let mut params = session.coordination_params();
    if let Some(by) = args.by {
        params.by = match by {
            By::Repost => CoordinateBy::Repost,
            By::Link => CoordinateBy::Link,
            By::All => CoordinateBy::All,
        };
    }
    if let Some(window) = args.window {
        params.window = window;
    }
    if let Some(min_shared) = args.min_shared {
        params.min_shared = min_shared;
    }
    session.set_coordination_params(&params)?;
    let options = CoordinationOptions {
        seed: args.seed,
        permutations: args.permutations,
        top_items: args.top_items,
    };
    let session = &opened.session;
    // The files are the core's (the page downloads the same bytes); the table is this door's.
    to_stdout(|out| match args.format {
        Format::Json => Ok(session.write_coordination_json(&options, &mut Silent, out)?),
        Format::Csv => Ok(session.write_coordination_csv(&options, &mut Silent, out)?),
        Format::Table => {
            let found = session.coordination(&options, &mut Silent)?;
            write_table(&found, &session.names()?, session.network()?, out).map_err(Failure::Output)
        }
    })?;
    args.inputs.save(session)?;
    finished(opened.any_unreadable)
}

/// A count or mean: whole numbers as they are, others to two decimals.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format_short(value)
    } else {
        format!("{value:.2}")
    }
}

fn seconds(value: f64) -> String {
    format!("{} s", number(value))
}

fn write_table(
    found: &Coordination,
    names: &Names,
    network: &Network,
    out: &mut dyn Write,
) -> io::Result<()> {
    let params = &found.params;
    let counts = &found.actions;
    let what = match params.by {
        CoordinateBy::Repost => "reposts of the same post",
        CoordinateBy::Link => "links to the same URL",
        CoordinateBy::All => "reposts of the same post and links to the same URL",
    };
    writeln!(
        out,
        "Coordination: {what} within {} s, pairs sharing at least {} items.",
        params.window, params.min_shared
    )?;
    writeln!(
        out,
        "Actions compared: {} reposts, {} links ({} without a time, {} reposts without their original).",
        counts.reposts, counts.links, counts.untimed, counts.without_original
    )?;
    if let Some(missing) = counts.missing(params.by) {
        writeln!(out, "{missing}")?;
        return Ok(());
    }
    let baseline = match found.options.permutations {
        0 => "no baseline".to_owned(),
        n => format!(
            "baseline: action times shuffled {n} times, seed {}",
            found.options.seed
        ),
    };
    writeln!(
        out,
        "{} pairs in {} groups ({baseline}).",
        found.pairs.len(),
        found.groups.len()
    )?;
    writeln!(
        out,
        "A pattern, not proof: fan communities, newsrooms and activists coordinate openly."
    )?;
    let label = |account: u32| shorten(names.label(account as usize));
    for (g, group) in found.groups.iter().enumerate() {
        let chance = match (group.expected_shared, group.ratio) {
            (expected, _) if expected.is_nan() => String::new(),
            (expected, Some(ratio)) => {
                format!(", {} expected by chance (×{})", number(expected), number(ratio))
            }
            (_, None) => ", none expected by chance".to_owned(),
        };
        writeln!(
            out,
            "\ngroup {}: {} accounts, {} shared, {} items, median gap {}{chance}",
            g + 1,
            group.members.len(),
            group.shared,
            group.items.len(),
            seconds(group.median_gap_seconds)
        )?;
        let members: Vec<String> = group.members.iter().map(|&m| label(m)).collect();
        writeln!(out, "  members: {}", members.join(", "))?;
        for top in &group.top_items {
            let by = top
                .item
                .author(network)
                .map(|author| format!(" (by {})", label(author)))
                .unwrap_or_default();
            let kind = match top.item.kind() {
                attache::coordination::ItemKind::Repost => "repost of",
                attache::coordination::ItemKind::Link => "link to",
            };
            writeln!(
                out,
                "  {kind} {}{by}: {} members",
                item_name(top.item, names, network),
                top.accounts
            )?;
        }
    }
    if !found.pairs.is_empty() {
        writeln!(out, "\npairs")?;
        let rows: Vec<[String; 3]> = found
            .pairs
            .iter()
            .map(|p| [label(p.a), label(p.b), p.shared.to_string()])
            .collect();
        let width = |column: usize| rows.iter().map(|r| r[column].chars().count()).max().unwrap_or(0);
        let (wa, wb) = (width(0), width(1));
        for [a, b, shared] in rows {
            writeln!(out, "  {a:<wa$}  {b:<wb$}  {shared:>6}")?;
        }
    }
    Ok(())
}
