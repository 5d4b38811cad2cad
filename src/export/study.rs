//! The study report: one self-contained HTML document a person can hand over (a methods
//! box, a monthly note, an appendix). What was read, the network in numbers and how it
//! holds together (components, strong components, reciprocity, density, cycles), the leaders
//! under the influence index and each lens chosen, the settings in words (the methods
//! line), groups and their interactions, risers and fallers, the map with its legend,
//! how to read the scores, and a reproducibility block with the analysis file embedded.
//!
//! Self-contained: styles inline, charts as inline SVG, no script, no external reference
//! of any kind; a print stylesheet lays it out on A4 pages. Every text from the data goes
//! through [`escape`]: labels are text, never markup. `Session::write_study_html` gathers
//! a [`Study`]; this module only renders it.

use std::fmt::Write as _;
use std::io::{self, Write};

/// Everything the report shows, already named (real names or aliases) and formatted.
#[derive(Debug, Clone, Default)]
pub struct Study {
    pub title: String,
    pub generator: String,
    /// One line per input: name, format, counts in words.
    pub files: Vec<StudyFile>,
    /// How many warnings reading gave, and the first few (left out under pseudonyms).
    pub warnings: usize,
    pub warning_lines: Vec<String>,
    /// Counts of the network, as `(what, value)`.
    pub network: Vec<(String, String)>,
    /// How the network holds together (components, cycles...), as `(what, in words)`.
    pub structure: Vec<(String, String)>,
    pub index: RankedList,
    /// The pillars: name, what feeds it, weight, whether present.
    pub pillars: Vec<(String, String, f64, bool)>,
    pub lenses: Vec<RankedList>,
    pub methods: String,
    pub groups: Option<GroupSection>,
    pub movers: Option<MoverSection>,
    pub map: Option<MapSection>,
    pub caveats: Vec<String>,
    pub analysis_json: String,
    pub pseudonymised: bool,
}

#[derive(Debug, Clone, Default)]
pub struct StudyFile {
    pub name: String,
    pub format: String,
    pub bytes: u64,
    pub sha256: String,
    pub detail: String,
}

/// The top accounts under one lens.
#[derive(Debug, Clone, Default)]
pub struct RankedList {
    pub id: String,
    pub name: String,
    pub explanation: String,
    pub rows: Vec<RankedRow>,
}

#[derive(Debug, Clone, Default)]
pub struct RankedRow {
    pub rank: usize,
    pub id: String,
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Clone, Default)]
pub struct GroupSection {
    pub by: String,
    /// name, members, index median, PageRank share.
    pub rows: Vec<(String, usize, Option<f64>, f64)>,
    /// `flows[from][to]`: interactions from group `from` to group `to` (weighted).
    pub flows: Vec<Vec<f64>>,
}

#[derive(Debug, Clone, Default)]
pub struct MoverSection {
    pub metric: String,
    pub from: String,
    pub to: String,
    /// label, rank from, rank to.
    pub risers: Vec<(String, u32, u32)>,
    pub fallers: Vec<(String, u32, u32)>,
    /// Why there is no comparison: the data have times, but no two windows can be ranked.
    pub thin: Option<String>,
}

/// The laid-out network: positions, a size per account, the edges drawn, labels.
#[derive(Debug, Clone, Default)]
pub struct MapSection {
    pub positions: Vec<(f64, f64)>,
    /// 0..1 per account (what the size encodes is `size_by`).
    pub sizes: Vec<f64>,
    pub size_by: String,
    pub edges: Vec<(u32, u32)>,
    pub edges_total: usize,
    pub labels: Vec<(u32, String)>,
}

/// Text as HTML: `& < > " '` escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value at a precision people can read: counts whole, tiny values `≈ 0`.
pub fn readable(value: f64) -> String {
    if value.is_nan() {
        return "–".to_owned();
    }
    if value == value.trunc() && value.abs() < 1e15 {
        return format!("{value:.0}");
    }
    if value.abs() < 1e-12 {
        return "≈ 0".to_owned();
    }
    let digits = (3 - 1 - value.abs().log10().floor() as i32).clamp(0, 12) as usize;
    format!("{value:.digits$}")
}

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d232a;max-width:62rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.7rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}.muted{color:#556}table{border-collapse:collapse;margin:.4rem 0}
td,th{padding:.15rem .6rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.methods{background:#f3f5f8;border-left:4px solid #4a6fa5;padding:.6rem .8rem}.lists{display:grid;grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:0 1.5rem}
pre{white-space:pre-wrap;word-break:break-all;font-size:.75rem;background:#f6f7f9;padding:.6rem}svg{max-width:100%;height:auto}
.legend{font-size:.85rem}
@page{size:A4;margin:16mm}@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}table,svg,figure{break-inside:avoid}pre{font-size:7pt}}
";

/// Writes the report as one HTML document.
pub fn write_html(study: &Study, out: &mut dyn Write) -> io::Result<()> {
    let mut html = String::new();
    render(study, &mut html).map_err(io::Error::other)?;
    out.write_all(html.as_bytes())
}

fn render(study: &Study, html: &mut String) -> std::fmt::Result {
    write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(&study.title)
    )?;
    writeln!(
        html,
        "<header><h1>{}</h1><p class=\"muted\">Written by {}{}.</p></header>",
        escape(&study.title),
        escape(&study.generator),
        if study.pseudonymised {
            "; accounts are named by aliases"
        } else {
            ""
        }
    )?;
    render_read(study, html)?;
    render_leaders(study, html)?;
    writeln!(
        html,
        "<h2>Methods</h2><p class=\"methods\">{}</p>",
        escape(&study.methods)
    )?;
    if let Some(groups) = &study.groups {
        render_groups(groups, html)?;
    }
    if let Some(movers) = &study.movers {
        render_movers(movers, html)?;
    }
    if let Some(map) = &study.map {
        render_map(map, html)?;
    }
    html.push_str("<h2>How to read these scores</h2><ul>");
    for caveat in &study.caveats {
        write!(html, "<li>{}</li>", escape(caveat))?;
    }
    html.push_str("</ul>\n");
    render_reproducibility(study, html)?;
    html.push_str("</body></html>\n");
    Ok(())
}

fn render_read(study: &Study, html: &mut String) -> std::fmt::Result {
    html.push_str("<h2>What was read</h2><table><tr><th>File</th><th>Format</th><th>What it held</th></tr>");
    for file in &study.files {
        write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&file.name),
            escape(&file.format),
            escape(&file.detail)
        )?;
    }
    html.push_str("</table>\n<table>");
    for (what, value) in &study.network {
        write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(what),
            escape(value)
        )?;
    }
    html.push_str("</table>\n");
    if !study.structure.is_empty() {
        html.push_str("<h3>How the network holds together</h3><table>");
        for (what, value) in &study.structure {
            write!(
                html,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(what),
                escape(value)
            )?;
        }
        html.push_str("</table>\n");
    }
    if study.warnings > 0 {
        write!(
            html,
            "<p>Reading gave {} warning{} (rows or records that could not be read; the rest was kept).</p>",
            study.warnings,
            if study.warnings == 1 { "" } else { "s" }
        )?;
        if !study.warning_lines.is_empty() {
            html.push_str("<ul class=\"muted\">");
            for line in &study.warning_lines {
                write!(html, "<li>{}</li>", escape(line))?;
            }
            html.push_str("</ul>");
        }
    }
    Ok(())
}

fn render_leaders(study: &Study, html: &mut String) -> std::fmt::Result {
    html.push_str("<h2>Who leads</h2>");
    if let Some(first) = study.index.rows.first() {
        write!(
            html,
            "<p>The influence index puts <strong>{}</strong> first ({} of 100).</p>",
            escape(&first.label),
            readable(first.value)
        )?;
    }
    render_bars(&study.index, html)?;
    html.push_str("<p class=\"muted\">The index averages four pillars, each a percentile rank: ");
    let parts: Vec<String> = study
        .pillars
        .iter()
        .map(|(name, source, weight, present)| match present {
            true => format!(
                "{} ({}, weight {})",
                escape(name),
                escape(source),
                readable(*weight)
            ),
            false => format!("{} (left out: {})", escape(name), escape(source)),
        })
        .collect();
    write!(html, "{}.</p>\n<div class=\"lists\">", parts.join("; "))?;
    for list in &study.lenses {
        render_list(list, html)?;
    }
    html.push_str("</div>\n");
    Ok(())
}

fn render_list(list: &RankedList, html: &mut String) -> std::fmt::Result {
    write!(
        html,
        "<section><h3>{}</h3><p class=\"muted\">{}</p><table><tr><th class=\"n\">#</th><th>Account</th><th class=\"n\">Value</th></tr>",
        escape(&list.name),
        escape(&list.explanation)
    )?;
    for row in &list.rows {
        write!(
            html,
            "<tr><td class=\"n\">{}</td><td title=\"{}\">{}</td><td class=\"n\">{}</td></tr>",
            row.rank,
            escape(&row.id),
            escape(&row.label),
            readable(row.value)
        )?;
    }
    html.push_str("</table></section>");
    Ok(())
}

/// A horizontal bar chart of the index's leaders, as inline SVG.
fn render_bars(list: &RankedList, html: &mut String) -> std::fmt::Result {
    let rows: Vec<&RankedRow> = list
        .rows
        .iter()
        .filter(|r| r.value.is_finite())
        .take(10)
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let (width, bar_height, label_width) = (640.0, 22.0, 220.0);
    let height = bar_height * rows.len() as f64 + 30.0;
    write!(
        html,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" \
         aria-label=\"Influence index of the leading accounts\"><title>Influence index (0 to 100) of the leading accounts</title>"
    )?;
    for (i, row) in rows.iter().enumerate() {
        let y = i as f64 * bar_height + 4.0;
        let length = (width - label_width - 60.0) * (row.value / 100.0).clamp(0.0, 1.0);
        write!(
            html,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_width}\" y=\"{y}\" width=\"{length:.1}\" height=\"{}\" fill=\"#4a6fa5\"/>\
             <text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text>",
            label_width - 6.0,
            y + 14.0,
            escape(&truncate(&row.label, 30)),
            bar_height - 6.0,
            label_width + length + 4.0,
            y + 14.0,
            readable(row.value)
        )?;
    }
    writeln!(
        html,
        "<text x=\"{label_width}\" y=\"{}\" font-size=\"11\" fill=\"#556\">Influence index, 0 to 100</text></svg></figure>",
        height - 6.0
    )
}

fn render_groups(groups: &GroupSection, html: &mut String) -> std::fmt::Result {
    write!(html, "<h2>Groups by {}</h2>", escape(&groups.by))?;
    html.push_str("<table><tr><th>Group</th><th class=\"n\">Members</th><th class=\"n\">Index median</th><th class=\"n\">Share of PageRank</th></tr>");
    for (name, members, median, share) in &groups.rows {
        write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{members}</td><td class=\"n\">{}</td><td class=\"n\">{:.1}%</td></tr>",
            escape(name),
            median.map_or("–".to_owned(), readable),
            100.0 * share
        )?;
    }
    html.push_str("</table><h3>Interactions between groups (row → column)</h3><table><tr><th></th>");
    for (name, ..) in &groups.rows {
        write!(html, "<th class=\"n\">{}</th>", escape(&truncate(name, 14)))?;
    }
    html.push_str("</tr>");
    for (row, (name, ..)) in groups.flows.iter().zip(&groups.rows) {
        write!(html, "<tr><th>{}</th>", escape(&truncate(name, 20)))?;
        for value in row {
            write!(html, "<td class=\"n\">{}</td>", readable(*value))?;
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>\n");
    Ok(())
}

fn render_movers(movers: &MoverSection, html: &mut String) -> std::fmt::Result {
    if let Some(reason) = &movers.thin {
        return writeln!(html, "<h2>Risers and fallers</h2><p>{}</p>", escape(reason));
    }
    write!(
        html,
        "<h2>Risers and fallers</h2><p>By {}, from the window of {} to that of {}.</p><div class=\"lists\">",
        escape(&movers.metric),
        escape(&movers.from),
        escape(&movers.to)
    )?;
    for (title, list) in [("Rose", &movers.risers), ("Fell", &movers.fallers)] {
        write!(html, "<section><h3>{title}</h3><table><tr><th>Account</th><th class=\"n\">Rank then</th><th class=\"n\">Rank now</th></tr>")?;
        for (label, from, to) in list.iter() {
            write!(
                html,
                "<tr><td>{}</td><td class=\"n\">{from}</td><td class=\"n\">{to}</td></tr>",
                escape(label)
            )?;
        }
        html.push_str("</table></section>");
    }
    html.push_str("</div>\n");
    Ok(())
}

/// The map as inline SVG, fitted to its box, with a legend saying what it encodes.
fn render_map(map: &MapSection, html: &mut String) -> std::fmt::Result {
    let finite = map
        .positions
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite());
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in finite {
        (min_x, min_y, max_x, max_y) = (min_x.min(x), min_y.min(y), max_x.max(x), max_y.max(y));
    }
    if min_x > max_x {
        return Ok(());
    }
    let (size, margin) = (600.0, 20.0);
    let scale = (size - 2.0 * margin) / (max_x - min_x).max(max_y - min_y).max(1e-9);
    let at = |(x, y): (f64, f64)| (margin + (x - min_x) * scale, margin + (max_y - y) * scale);
    html.push_str("<h2>The map</h2><figure>");
    write!(
        html,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"The network laid out\">\
         <title>The network, laid out with ForceAtlas2</title><g stroke=\"#8895a7\" stroke-opacity=\"0.5\" stroke-width=\"0.6\">"
    )?;
    for &(a, b) in &map.edges {
        let ((x1, y1), (x2, y2)) = (at(map.positions[a as usize]), at(map.positions[b as usize]));
        write!(
            html,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"/>"
        )?;
    }
    html.push_str("</g><g fill=\"#4a6fa5\" fill-opacity=\"0.85\">");
    for (account, &position) in map.positions.iter().enumerate() {
        let (x, y) = at(position);
        let radius = 1.5 + 6.0 * map.sizes.get(account).copied().unwrap_or(0.0).clamp(0.0, 1.0);
        write!(html, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{radius:.1}\"/>")?;
    }
    html.push_str("</g><g font-size=\"11\" fill=\"#1d232a\">");
    for (account, label) in &map.labels {
        let (x, y) = at(map.positions[*account as usize]);
        write!(
            html,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 6.0,
            y - 4.0,
            escape(&truncate(label, 24))
        )?;
    }
    html.push_str("</g></svg>");
    let sample = match map.edges.len() < map.edges_total {
        true => format!(
            " Lines: {} of the {} connections, an even sample.",
            map.edges.len(),
            map.edges_total
        ),
        false => format!(" Lines: all {} connections.", map.edges_total),
    };
    writeln!(
        html,
        "<figcaption class=\"legend\">Legend: each dot is an account; its size is its {} (larger is higher). \
         Position comes from ForceAtlas2: accounts that interact sit close.{} Labels: the leading accounts.</figcaption></figure>",
        escape(&map.size_by),
        escape(&sample)
    )
}

fn render_reproducibility(study: &Study, html: &mut String) -> std::fmt::Result {
    html.push_str(
        "<h2>Reproducibility</h2><table><tr><th>File</th><th class=\"n\">Bytes</th><th>SHA-256</th></tr>",
    );
    for file in &study.files {
        write!(
            html,
            "<tr><td>{}</td><td class=\"n\">{}</td><td><code>{}</code></td></tr>",
            escape(&file.name),
            file.bytes,
            escape(&file.sha256)
        )?;
    }
    writeln!(
        html,
        "</table><p>{}. To replay: save the analysis below as <code>analysis.json</code> and run \
         <code>attache score FILES --settings analysis.json</code>, or open it in the page with the same files.</p>\
         <pre>{}</pre>",
        escape(&study.generator),
        escape(&study.analysis_json)
    )
}

fn truncate(text: &str, max: usize) -> String {
    match text.chars().count() > max {
        true => text.chars().take(max - 1).collect::<String>() + "…",
        false => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_is_text_and_values_are_readable() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)>&\"'"),
            "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;"
        );
        assert_eq!(readable(9.709e-253), "≈ 0");
        assert_eq!(readable(12.0), "12");
        assert_eq!(readable(0.086642), "0.0866");
        assert_eq!(readable(84.07637), "84.1");
        assert_eq!(readable(f64::NAN), "–");
    }

    #[test]
    fn the_report_holds_no_external_reference_and_escapes_labels() {
        let study = Study {
            title: "Study".into(),
            index: RankedList {
                rows: vec![RankedRow {
                    rank: 1,
                    id: "1".into(),
                    label: "<script>alert(1)</script>".into(),
                    value: 100.0,
                }],
                ..RankedList::default()
            },
            methods: "PageRank (damping factor 0.85)".into(),
            ..Study::default()
        };
        let mut out = Vec::new();
        write_html(&study, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("<script"), "no script, and labels escaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
            let allowed = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
            if external == "http://" {
                assert_eq!(html.matches(external).count(), allowed, "only the SVG namespace");
            } else {
                assert!(!html.contains(external), "{external}");
            }
        }
    }
}
