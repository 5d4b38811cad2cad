//! Gathers the study report (`export::study`) from the session: everything in it comes
//! from the same answers the page and the command line show, under the settings in force
//! and the naming in force, so `attache report` and the page's Report button write the
//! same document for the same files and analysis.

use std::io::Write;

use super::{ExportError, Session, SessionError};
use crate::export::study::{
    self, GroupSection, MapSection, MoverSection, RankedList, RankedRow, Study, StudyFile,
};
use crate::layout::ForceAtlas2;
use crate::metrics::{self, influence_index};
use crate::progress::{Progress, Within};
use crate::timeline::{WindowMetric, WindowStatus, WindowWidth, MIN_RANKED_INTERACTIONS};

/// Accounts listed under each lens unless told otherwise.
pub const DEFAULT_STUDY_TOP: usize = 10;
/// The map is laid out for the report (when no layout ran) up to this many accounts.
const MAP_MAX_ACCOUNTS: usize = 5_000;
/// Iterations of that layout: enough for the shape to settle on a few thousand accounts.
const MAP_ITERATIONS: usize = 300;
/// Lines drawn at most (an even sample beyond).
const MAP_MAX_EDGES: usize = 3_000;

/// What the report covers beyond the index: the lenses shown, how many accounts each
/// lists, and the grouping (an attribute or a metric column), if any.
#[derive(Clone, Debug, Default)]
pub struct StudyOptions {
    pub lenses: Vec<String>,
    pub top: usize,
    pub group_by: Option<String>,
    pub title: Option<String>,
}

/// What every reader of a ranking should know, in plain words.
const CAVEATS: [&str; 5] = [
    "These scores describe the network in these files, not the accounts' influence in general: \
     an export holds what its collector gathered (a search, an archive, a sample), and accounts outside it do not count.",
    "A large audience is not influence (Cha et al., 2010): the lenses count attention actually paid \
     (reposts, quotes, replies, mentions, follows in the data), and follower counts only where the export has them.",
    "The influence index is an open composite, not a verdict: each pillar is a percentile rank among these \
     accounts, so it orders accounts and says nothing about distances between them; the weights are a choice, stated above.",
    "Interactions point from the actor to the account that receives attention; how much each kind counts is a \
     setting (the kind weights above), and changing it changes the ranking.",
    "Sampled lenses (betweenness with a sample, Louvain communities) depend on their seed, stated in the methods; \
     the same files and settings give the same values, bit for bit.",
];

impl Session {
    /// Writes the study report as one self-contained HTML document.
    pub fn write_study_html(
        &self,
        options: &StudyOptions,
        progress: &mut dyn Progress,
        mut out: impl Write,
    ) -> Result<(), ExportError> {
        let study = self.study(options, progress)?;
        study::write_html(&study, &mut out)?;
        Ok(())
    }

    fn study(&self, options: &StudyOptions, progress: &mut dyn Progress) -> Result<Study, SessionError> {
        let top = if options.top == 0 {
            DEFAULT_STUDY_TOP
        } else {
            options.top
        };
        let index = self.influence_index(&mut Within::new(progress, "Report", 0.0, 0.4))?;
        let names = self.names()?;
        let ranked = |values: &[f64]| -> Vec<RankedRow> {
            Session::ranking(values)
                .into_iter()
                .take(top)
                .enumerate()
                .map(|(position, account)| RankedRow {
                    rank: position + 1,
                    id: names.id(account as usize).to_owned(),
                    label: names.label(account as usize).to_owned(),
                    value: values[account as usize],
                })
                .collect()
        };
        let index_info = &influence_index::METRIC.info;
        let mut lenses = Vec::new();
        for id in options.lenses.iter().filter(|id| id.as_str() != index_info.id) {
            let info = &metrics::find(id)
                .ok_or_else(|| SessionError::Metric(metrics::MetricError::UnknownMetric(id.clone())))?
                .info;
            let column = self.column(id, &mut Within::new(progress, "Report", 0.4, 0.3))?;
            lenses.push(RankedList {
                id: info.id.to_owned(),
                name: info.name.to_owned(),
                explanation: info.explanation.to_owned(),
                rows: ranked(&column.values),
            });
        }
        let mut methods_lenses: Vec<&str> = vec![index_info.id];
        methods_lenses.extend(options.lenses.iter().map(String::as_str));
        let settings = self.settings();
        let network = self.network()?;
        Ok(Study {
            title: options
                .title
                .clone()
                .unwrap_or_else(|| "Who sways the conversation".to_owned()),
            generator: format!("attaché {}", env!("CARGO_PKG_VERSION")),
            files: self.study_files(&settings),
            warnings: self.warnings.len(),
            warning_lines: match self.pseudonyms() {
                // Warnings may quote the data (a handle): left out under pseudonyms.
                Some(_) => Vec::new(),
                None => self
                    .warnings
                    .iter()
                    .take(5)
                    .map(|w| format!("{}: {}", w.file, w.message))
                    .collect(),
            },
            network: network_lines(&network.summary()),
            structure: structure_lines(&self.structure()?),
            index: RankedList {
                id: index_info.id.to_owned(),
                name: index_info.name.to_owned(),
                explanation: index_info.explanation.to_owned(),
                rows: ranked(&index.values),
            },
            pillars: index
                .pillars
                .iter()
                .map(|p| (p.pillar.id().to_owned(), p.source.to_owned(), p.weight, p.present))
                .collect(),
            lenses,
            methods: self.methods_line(&methods_lenses),
            groups: self.study_groups(options, progress)?,
            movers: self.study_movers(progress)?,
            map: self.study_map(&index.values)?,
            caveats: CAVEATS.iter().map(|c| (*c).to_owned()).collect(),
            analysis_json: settings.to_json(),
            pseudonymised: self.pseudonyms().is_some(),
        })
    }

    fn study_files(&self, settings: &super::Settings) -> Vec<StudyFile> {
        self.files
            .iter()
            .map(|file| {
                let input = settings
                    .files
                    .iter()
                    .find(|i| i.name == super::settings::base_name(&file.path));
                let kinds: Vec<String> = file
                    .interactions
                    .iter()
                    .map(|(k, n)| format!("{n} {}", k.as_str()))
                    .collect();
                let detail = format!(
                    "{} records ({} skipped), {} accounts, {} posts{}",
                    file.records,
                    file.skipped,
                    file.accounts,
                    file.posts,
                    match kinds.is_empty() {
                        true => String::new(),
                        false => format!("; interactions: {}", kinds.join(", ")),
                    }
                );
                StudyFile {
                    name: super::settings::base_name(&file.path).to_owned(),
                    format: file.format.name().to_owned(),
                    bytes: file.bytes,
                    sha256: input.map_or_else(String::new, |i| i.sha256.clone()),
                    detail,
                }
            })
            .collect()
    }

    fn study_groups(
        &self,
        options: &StudyOptions,
        progress: &mut dyn Progress,
    ) -> Result<Option<GroupSection>, SessionError> {
        let Some(by) = &options.group_by else {
            return Ok(None);
        };
        let (_, grouping, report) = self.groups(by, 1, &mut Within::new(progress, "Report", 0.7, 0.2))?;
        let count = grouping.names.len();
        let mut flows = vec![vec![0.0; count]; count];
        for flow in &report.flows {
            flows[flow.from as usize][flow.to as usize] = flow.total;
        }
        Ok(Some(GroupSection {
            by: report.by.clone(),
            rows: report
                .groups
                .iter()
                .map(|g| (g.name.clone(), g.members, g.index_median, g.pagerank_share))
                .collect(),
            flows,
        }))
    }

    /// Risers and fallers by PageRank between the two windows the timeline compares first
    /// (months, or weeks when the data spans one month), where both are ranked; where the
    /// data has times but no two windows can be ranked, the section says so.
    fn study_movers(&self, progress: &mut dyn Progress) -> Result<Option<MoverSection>, SessionError> {
        let mut timed = false;
        for width in [WindowWidth::Month, WindowWidth::Week] {
            let timeline = match self.timeline(width) {
                Ok(timeline) => timeline,
                Err(SessionError::Timeline(_)) => return Ok(None),
                Err(error) => return Err(error),
            };
            let windows = timeline.windows();
            timed |= !windows.is_empty();
            let Some((from, to)) = timeline.default_comparison() else {
                continue;
            };
            if [from, to]
                .iter()
                .any(|&w| windows[w].status != WindowStatus::Ranked)
            {
                continue;
            }
            let mut part = Within::new(progress, "Report", 0.9, 0.1);
            let movers = self.movers(width, WindowMetric::PageRank, (from, to), 5, &mut part)?;
            let names = self.names()?;
            let named = |list: &[crate::timeline::Move]| -> Vec<(String, u32, u32)> {
                list.iter()
                    .map(|m| (names.label(m.index as usize).to_owned(), m.rank_from, m.rank_to))
                    .collect()
            };
            return Ok(Some(MoverSection {
                metric: "PageRank".to_owned(),
                from: windows[from].describe(),
                to: windows[to].describe(),
                risers: named(&movers.risers),
                fallers: named(&movers.fallers),
                thin: None,
            }));
        }
        Ok(timed.then(|| MoverSection {
            metric: "PageRank".to_owned(),
            thin: Some(format!(
                "No two months or weeks have {MIN_RANKED_INTERACTIONS} interactions or more each: \
                 too few to rank, so no risers and fallers are given."
            )),
            ..MoverSection::default()
        }))
    }

    /// The layout that ran, else a fresh one for networks small enough to lay out here.
    fn study_map(&self, index: &[f64]) -> Result<Option<MapSection>, SessionError> {
        let graph = self.analysis()?.graph();
        let positions = match &self.layout {
            Some(layout) => layout.positions(),
            None if graph.node_count() <= MAP_MAX_ACCOUNTS && graph.edge_count() > 0 => {
                let mut layout = ForceAtlas2::new(graph, self.layout_defaults()?);
                layout.step(MAP_ITERATIONS);
                layout.positions()
            }
            None => return Ok(None),
        };
        let points: Vec<(f64, f64)> = positions.chunks(2).map(|p| (p[0], p[1])).collect();
        let mut edges = Vec::new();
        for node in 0..graph.node_count() {
            for &target in graph.out.neighbours(node) {
                edges.push((node as u32, target));
            }
        }
        let total = edges.len();
        if total > MAP_MAX_EDGES {
            edges = (0..MAP_MAX_EDGES)
                .map(|i| edges[i * total / MAP_MAX_EDGES])
                .collect();
        }
        let names = self.names()?;
        let labels = Session::ranking(index)
            .into_iter()
            .take(8)
            .map(|account| (account, names.label(account as usize).to_owned()))
            .collect();
        Ok(Some(MapSection {
            positions: points,
            sizes: index
                .iter()
                .map(|v| if v.is_nan() { 0.0 } else { v / 100.0 })
                .collect(),
            size_by: "influence index".to_owned(),
            edges,
            edges_total: total,
            labels,
        }))
    }
}

/// The network summary of [`crate::structure::Structure`] in words, as the page's "What
/// was read" says it.
fn structure_lines(found: &crate::structure::Structure) -> Vec<(String, String)> {
    let percent = |share: f64| format!("{:.1}%", share * 100.0);
    let components = match found.components {
        0 => "none (no accounts)".to_owned(),
        1 => "1: every account is linked to every other by some chain of interactions".to_owned(),
        n => format!(
            "{n}; the largest holds {} accounts ({} of all)",
            found.largest_component,
            percent(found.largest_component_share)
        ),
    };
    let strong = format!(
        "{}; the largest holds {} accounts that reach each other both ways",
        found.strong_components, found.largest_strong_component
    );
    let reciprocity = found.reciprocity.map_or_else(
        || "no interactions".to_owned(),
        |r| format!("{} of interactions are returned", percent(r)),
    );
    let cycle = if found.has_cycle {
        format!(
            "yes: {} accounts are on a cycle of attention",
            found.accounts_in_cycles
        )
    } else {
        "no: attention never comes back to where it started, so eigenvector centrality is undefined"
            .to_owned()
    };
    vec![
        ("Components (separate conversations)".to_owned(), components),
        ("Strong components".to_owned(), strong),
        ("Reciprocity".to_owned(), reciprocity),
        (
            "Density (share of possible actor → target pairs)".to_owned(),
            study::readable(found.density),
        ),
        ("Cycles of attention".to_owned(), cycle),
    ]
}

fn network_lines(summary: &crate::network::NetworkSummary) -> Vec<(String, String)> {
    let mut lines = vec![
        ("Accounts".to_owned(), summary.nodes.to_string()),
        (
            "Connections (distinct actor → target pairs)".to_owned(),
            summary.edges.to_string(),
        ),
        ("Posts".to_owned(), summary.posts.to_string()),
    ];
    for (kind, count) in &summary.interactions {
        lines.push((format!("Interactions: {}", kind.as_str()), count.to_string()));
    }
    lines
}
