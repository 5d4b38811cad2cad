//! `attache explain` and `attache groups`: the influence index traced for one account,
//! and accounts aggregated by an attribute or a metric column.

use std::io::{self, Write};

use attache::analysis::Analysis;
use attache::csr::KindWeights;
use attache::explain::Explanation;
use attache::groups::GroupReport;
use attache::metrics::influence_index::{IndexWeights, Pillar};
use attache::network::Kind;
use attache::topics::Topics;

use crate::table::{format_short, shorten};

/// Reads `name=number` pairs.
fn pairs(given: &[String], what: &str) -> Result<Vec<(String, f64)>, String> {
    given
        .iter()
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("{what} '{pair}' is not NAME=NUMBER"))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| format!("{what} '{pair}': '{value}' is not a number"))?;
            if !(value.is_finite() && value >= 0.0) {
                return Err(format!("{what} '{pair}' must be a number ≥ 0"));
            }
            Ok((name.trim().to_owned(), value))
        })
        .collect()
}

/// `--weights reach=2,network=1`: sets the pillars named, the others keep theirs.
pub fn set_index_weights(weights: &mut IndexWeights, given: &[String]) -> Result<(), String> {
    for (name, value) in pairs(given, "pillar weight")? {
        let pillar = Pillar::parse(&name).ok_or_else(|| {
            format!("unknown pillar '{name}'; pillars: reach, amplification, conversation, network")
        })?;
        weights.set(pillar, value);
    }
    Ok(())
}

/// `--kind-weights repost=2,follow=0`: sets the kinds named, the others keep theirs.
pub fn set_kind_weights(weights: &mut KindWeights, given: &[String]) -> Result<(), String> {
    for (name, value) in pairs(given, "kind weight")? {
        weights.set(Kind::from_id(&name)?, value);
    }
    Ok(())
}

fn optional(value: Option<f64>) -> String {
    value.map_or("-".to_owned(), format_short)
}

fn rank(rank: Option<u32>, of: usize) -> String {
    rank.map_or("-".to_owned(), |r| format!("{r} of {of}"))
}

fn kinds_text(kinds: &std::collections::BTreeMap<Kind, f64>) -> String {
    let parts: Vec<String> = kinds
        .iter()
        .map(|(kind, count)| format!("{} {}", kind.as_str(), format_short(*count)))
        .collect();
    parts.join(", ")
}

pub fn write_explanation(
    analysis: &Analysis,
    explanation: &Explanation,
    out: &mut dyn Write,
) -> io::Result<()> {
    let accounts = analysis.network().account_count();
    let account = &explanation.account;
    writeln!(out, "{} (id {})", shorten(&account.label), account.id)?;
    writeln!(
        out,
        "influence index {} (rank {})",
        optional(explanation.influence_index),
        rank(explanation.index_rank, accounts)
    )?;
    let mut rows = vec![["pillar", "source", "raw", "percentile", "weight", "points"]
        .map(str::to_owned)
        .to_vec()];
    for pillar in explanation.pillars.iter().filter(|p| p.present) {
        rows.push(vec![
            pillar.pillar.id().to_owned(),
            pillar.source.to_owned(),
            optional(pillar.raw),
            optional(pillar.percentile),
            format_short(pillar.weight),
            optional(pillar.contribution),
        ]);
    }
    write_columns(&rows, "llrrrr", out)?;
    for pillar in explanation.pillars.iter().filter(|p| !p.present) {
        writeln!(out, "left out: {} ({})", pillar.pillar.id(), pillar.source)?;
    }

    writeln!(out, "\nranks")?;
    let mut rows = vec![["lens", "value", "rank"].map(str::to_owned).to_vec()];
    for lens in &explanation.lenses {
        rows.push(vec![
            lens.id.to_owned(),
            optional(lens.value),
            rank(lens.rank, lens.ranked),
        ]);
    }
    write_columns(&rows, "lrr", out)?;

    writeln!(
        out,
        "\nPageRank {} from {} accounts; {} from random jumps",
        format_short(explanation.pagerank),
        explanation.in_neighbours,
        format_short(explanation.from_jumps)
    )?;
    let mut rows = vec![["from", "label", "passes", "share", "interactions"]
        .map(str::to_owned)
        .to_vec()];
    for contributor in &explanation.contributors {
        rows.push(vec![
            contributor.account.id.clone(),
            shorten(&contributor.account.label),
            format_short(contributor.contribution),
            format!("{:.1}%", 100.0 * contributor.share),
            kinds_text(&contributor.interactions),
        ]);
    }
    if rows.len() > 1 {
        write_columns(&rows, "llrrl", out)?;
    }
    Ok(())
}

pub fn write_groups(report: &GroupReport, topics: &[Topics], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "by {}", report.by)?;
    if report.index_column != "influence_index" || report.pagerank_column != "pagerank" {
        writeln!(
            out,
            "weighed by the scores the table brought: {} and {}",
            report.index_column, report.pagerank_column
        )?;
    }
    let header = ["group", "members", "index sum", "index median", "PageRank share"];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    for group in &report.groups {
        rows.push(vec![
            shorten(&group.name),
            group.members.to_string(),
            format_short(group.index_sum),
            optional(group.index_median),
            format!("{:.1}%", 100.0 * group.pagerank_share),
        ]);
    }
    write_columns(&rows, "lrrrr", out)?;
    writeln!(out, "\ntop members and hashtags")?;
    for (group, topics) in report.groups.iter().zip(topics) {
        let top: Vec<String> = group.top_members.iter().map(|m| shorten(&m.label)).collect();
        let tags: Vec<String> = topics
            .hashtags
            .iter()
            .map(|t| format!("#{} {}", t.term, t.count))
            .collect();
        writeln!(out, "  {}: {}", shorten(&group.name), top.join(", "))?;
        if !tags.is_empty() {
            writeln!(
                out,
                "  {:width$}  {}",
                "",
                tags.join(", "),
                width = shorten(&group.name).chars().count()
            )?;
        }
    }
    writeln!(out, "\ninteractions between groups (from → to)")?;
    for flow in &report.flows {
        writeln!(
            out,
            "  {} → {}: {} ({})",
            shorten(&report.groups[flow.from as usize].name),
            shorten(&report.groups[flow.to as usize].name),
            format_short(flow.total),
            kinds_text(&flow.kinds)
        )?;
    }
    Ok(())
}

/// Writes rows in aligned columns; `align` has one letter per column, `l` or `r`.
fn write_columns(rows: &[Vec<String>], align: &str, out: &mut dyn Write) -> io::Result<()> {
    let align: Vec<char> = align.chars().collect();
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|row| row[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c] - cell.chars().count());
                if align.get(c) == Some(&'r') {
                    format!("{pad}{cell}")
                } else {
                    format!("{cell}{pad}")
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_weights(given: &[&str]) -> Result<IndexWeights, String> {
        let mut weights = IndexWeights::default();
        let given: Vec<String> = given.iter().map(|g| (*g).to_owned()).collect();
        set_index_weights(&mut weights, &given).map(|()| weights)
    }

    fn kind_weights(given: &[&str]) -> Result<KindWeights, String> {
        let mut weights = KindWeights::default();
        let given: Vec<String> = given.iter().map(|g| (*g).to_owned()).collect();
        set_kind_weights(&mut weights, &given).map(|()| weights)
    }

    #[test]
    fn weights_are_name_number_pairs() {
        let weights = index_weights(&["reach=2", " network = 0.5"]).unwrap();
        assert_eq!(weights.0, [2.0, 1.0, 1.0, 0.5]);
        assert!(index_weights(&["fame=1"]).unwrap_err().contains("unknown pillar"));
        assert!(index_weights(&["reach"]).unwrap_err().contains("NAME=NUMBER"));
        assert!(kind_weights(&["repost=-1"]).unwrap_err().contains("≥ 0"));
        assert!(kind_weights(&["like=1"]).unwrap_err().contains("follow"));
        assert_eq!(kind_weights(&["repost=3"]).unwrap().get(Kind::Repost), 3.0);
    }
}
