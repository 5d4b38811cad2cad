//! Taking the results away: scores as CSV, a JSON report, the network as GEXF
//! ([`gexf`]), each with the accounts' real names or with stable aliases
//! ([`Names::pseudonymous`]) so that screenshots and classroom exports show no handle.
//!
//! Writers take `impl Write` and do no IO of their own: the command-line tool writes to
//! stdout, the wasm façade to a buffer it hands to the page as a file.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};

use serde::Serialize;

use crate::ingest::{FileReport, Warning};
use crate::metrics;
use crate::network::{Network, NetworkSummary};
use crate::scores::{format_value, ScoreTable};
use crate::session::AnalysisFile;

pub mod coordination;
pub mod gexf;
pub mod redact;
pub mod study;

/// How accounts are named in an export and which of their attributes it carries.
pub struct Names<'a> {
    network: &'a Network,
    aliases: Option<Vec<String>>,
    attributes: Vec<String>,
}

impl<'a> Names<'a> {
    /// The ids and labels as the data gives them, with every attribute.
    pub fn real(network: &'a Network) -> Self {
        Names {
            network,
            aliases: None,
            attributes: attribute_keys(network),
        }
    }

    /// Aliases instead of ids and labels, and only the attributes that cannot single out
    /// an account (see [`categorical_attributes`]).
    pub fn pseudonymous(network: &'a Network, salt: &str) -> Self {
        Names {
            network,
            aliases: Some(aliases(network, salt)),
            attributes: categorical_attributes(network),
        }
    }

    pub fn is_pseudonymous(&self) -> bool {
        self.aliases.is_some()
    }

    pub fn id(&self, account: usize) -> &str {
        match &self.aliases {
            Some(aliases) => &aliases[account],
            None => &self.network.accounts[account].id,
        }
    }

    pub fn label(&self, account: usize) -> &str {
        match &self.aliases {
            Some(aliases) => &aliases[account],
            None => self.network.accounts[account].display_label(),
        }
    }

    /// The attribute keys an export carries, sorted.
    pub fn attributes(&self) -> &[String] {
        &self.attributes
    }

    pub fn attribute(&self, account: usize, key: &str) -> Option<&str> {
        self.network.accounts[account]
            .attributes
            .get(key)
            .map(String::as_str)
    }
}

/// Every attribute key any account has, sorted.
pub fn attribute_keys(network: &Network) -> Vec<String> {
    let keys: BTreeSet<&String> = network
        .accounts
        .iter()
        .flat_map(|a| a.attributes.keys())
        .collect();
    keys.into_iter().cloned().collect()
}

/// Attribute keys safe to keep under pseudonyms: those where values are shared, i.e. at
/// most half as many distinct values as accounts having one (a country, a category).
/// An identifier-like column (a name, a URL, a bio: nearly one value per account) would
/// undo the aliases and is left out.
pub fn categorical_attributes(network: &Network) -> Vec<String> {
    attribute_keys(network)
        .into_iter()
        .filter(|key| {
            let values: Vec<&str> = network
                .accounts
                .iter()
                .filter_map(|a| a.attributes.get(key).map(String::as_str))
                .collect();
            let distinct: BTreeSet<&str> = values.iter().copied().collect();
            2 * distinct.len() <= values.len()
        })
        .collect()
}

/// Stable aliases `Account 0001` ... : accounts are numbered in the order of a hash of
/// their platform and id keyed by `salt`, so the same salt gives the same alias to the
/// same account in the view and in every export, the numbers are unique, and without the
/// salt an alias says nothing about the account (not even its rank or input position).
pub fn aliases(network: &Network, salt: &str) -> Vec<String> {
    let count = network.account_count();
    let mut keyed: Vec<(u64, u32)> = network
        .accounts
        .iter()
        .enumerate()
        .map(|(index, account)| {
            let mut hasher = DefaultHasher::new();
            (salt, account.platform, &account.id).hash(&mut hasher);
            (hasher.finish(), index as u32)
        })
        .collect();
    keyed.sort_unstable();
    let width = count.to_string().len().max(4);
    let mut result = vec![String::new(); count];
    for (position, &(_, index)) in keyed.iter().enumerate() {
        result[index as usize] = format!("Account {:0width$}", position + 1);
    }
    result
}

/// Writes `id,label,<attributes>...,<metric>...` and one row per account in `order`.
pub fn write_scores_csv(names: &Names, table: &ScoreTable, order: &[u32], out: impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["id".to_owned(), "label".to_owned()];
    header.extend(names.attributes().iter().cloned());
    header.extend(table.metrics.iter().cloned());
    writer.write_record(&header)?;
    for &account in order {
        let account = account as usize;
        let mut row = vec![names.id(account).to_owned(), names.label(account).to_owned()];
        row.extend(
            names
                .attributes()
                .iter()
                .map(|key| names.attribute(account, key).unwrap_or("").to_owned()),
        );
        row.extend(table.columns.iter().map(|column| format_value(column[account])));
        writer.write_record(&row)?;
    }
    writer.flush()
}

/// What a JSON report says besides the scores.
pub struct ReportContext<'a> {
    pub summary: NetworkSummary,
    /// How the network holds together under the kind weights in force.
    pub structure: crate::structure::Structure,
    pub files: &'a [FileReport],
    pub warnings: &'a [Warning],
    /// ForceAtlas2 iterations run so far, if the map was laid out.
    pub layout_iterations: Option<u64>,
    /// What the order of the accounts follows (a metric id, `label`...), if known.
    pub sorted_by: Option<&'a str>,
    /// Every setting behind the values, in words (see `session::methods`).
    pub methods: String,
    /// The analysis file that replays the result.
    pub analysis: AnalysisFile,
}

#[derive(Serialize)]
struct ReportMetric {
    id: String,
    name: &'static str,
    reference: &'static str,
    complexity: &'static str,
}

#[derive(Serialize)]
struct ReportFile<'a> {
    path: &'a str,
    format: &'static str,
    records: u64,
    skipped: u64,
    warnings: u64,
}

#[derive(Serialize)]
struct ReportAccount<'a> {
    rank: usize,
    id: &'a str,
    label: &'a str,
    attributes: BTreeMap<&'a str, &'a str>,
    scores: serde_json::Map<String, serde_json::Value>,
}

/// A self-describing JSON report: what was loaded, how it holds together, which scores mean what, and every
/// account with its rank, attributes and scores. Under pseudonyms the warnings' texts
/// (which may quote the data) are left out; their count stays.
pub fn write_report_json(
    names: &Names,
    table: &ScoreTable,
    order: &[u32],
    context: &ReportContext,
    out: impl Write,
) -> io::Result<()> {
    let metrics: Vec<ReportMetric> = table
        .metrics
        .iter()
        .map(|id| {
            let info = metrics::find(id).map(|m| &m.info);
            ReportMetric {
                id: id.clone(),
                name: info.map_or("", |i| i.name),
                reference: info.map_or("", |i| i.reference),
                complexity: info.map_or("", |i| i.complexity),
            }
        })
        .collect();
    let files: Vec<ReportFile> = context
        .files
        .iter()
        .map(|file| ReportFile {
            path: &file.path,
            format: file.format.name(),
            records: file.records,
            skipped: file.skipped,
            warnings: file.warnings,
        })
        .collect();
    let accounts: Vec<ReportAccount> = order
        .iter()
        .enumerate()
        .map(|(position, &account)| {
            let account = account as usize;
            ReportAccount {
                rank: position + 1,
                id: names.id(account),
                label: names.label(account),
                attributes: names
                    .attributes()
                    .iter()
                    .filter_map(|key| Some((key.as_str(), names.attribute(account, key)?)))
                    .collect(),
                scores: table
                    .metrics
                    .iter()
                    .zip(&table.columns)
                    .map(|(metric, column)| (metric.clone(), json_number(column[account])))
                    .collect(),
            }
        })
        .collect();
    // Under pseudonyms the analysis file's salt would undo the aliases; its seeds are ids.
    let mut analysis = context.analysis.clone();
    if names.is_pseudonymous() {
        analysis.salt = None;
        for params in analysis.params.values_mut() {
            for value in params.values_mut() {
                if let crate::metrics::ParamValue::Accounts(ids) = value {
                    *ids = ids.iter().map(|_| "(hidden)".to_owned()).collect();
                }
            }
        }
        for file in &mut analysis.files {
            file.name = "(hidden)".to_owned();
        }
    }
    let warnings = if names.is_pseudonymous() {
        serde_json::Value::Null
    } else {
        serde_json::to_value(context.warnings).map_err(io::Error::other)?
    };
    let document = serde_json::json!({
        "generator": concat!("attaché ", env!("CARGO_PKG_VERSION")),
        "pseudonymised": names.is_pseudonymous(),
        "network": context.summary,
        "structure": context.structure,
        "files": files,
        "warning_count": context.files.iter().map(|f| f.warnings).sum::<u64>(),
        "warnings": warnings,
        "layout_iterations": context.layout_iterations,
        "methods": context.methods,
        "analysis": analysis,
        "metrics": metrics,
        "sorted_by": context.sorted_by,
        "accounts": accounts,
    });
    serde_json::to_writer_pretty(out, &document).map_err(io::Error::other)
}

fn json_number(value: f64) -> serde_json::Value {
    serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Account, NetworkBuilder, Platform};

    fn network_with_attributes() -> Network {
        let mut builder = NetworkBuilder::default();
        for (id, country, bio) in [
            ("alice", "FR", "diplomat"),
            ("bob", "FR", "journalist"),
            ("carol", "DE", "writer"),
            ("dave", "DE", "press officer"),
        ] {
            let index = builder.account(Platform::Generic, id);
            let account: &mut Account = builder.account_mut(index);
            account.attributes.insert("country".into(), country.into());
            account.attributes.insert("bio".into(), bio.into());
        }
        builder.finish()
    }

    #[test]
    fn aliases_are_unique_stable_and_depend_on_the_salt() {
        let network = network_with_attributes();
        let first = aliases(&network, "7");
        assert_eq!(first, aliases(&network, "7"));
        let distinct: BTreeSet<&String> = first.iter().collect();
        assert_eq!(distinct.len(), 4);
        assert!(first.iter().all(|a| a.starts_with("Account 000")));
        let salts_that_differ = (0..20u64)
            .filter(|salt| aliases(&network, &salt.to_string()) != first)
            .count();
        assert!(salts_that_differ > 10, "the order changes with the salt");
    }

    #[test]
    fn pseudonymous_csv_has_aliases_and_only_shared_attributes() {
        let network = network_with_attributes();
        let table = ScoreTable {
            metrics: vec!["pagerank".into()],
            columns: vec![vec![0.4, 0.3, 0.2, 0.1]],
        };
        let mut real = Vec::new();
        write_scores_csv(&Names::real(&network), &table, &[0, 1, 2, 3], &mut real).unwrap();
        let real = String::from_utf8(real).unwrap();
        assert!(
            real.starts_with("id,label,bio,country,pagerank\nalice,alice,diplomat,FR,0.4\n"),
            "{real}"
        );

        let mut hidden = Vec::new();
        write_scores_csv(
            &Names::pseudonymous(&network, "1"),
            &table,
            &[0, 1, 2, 3],
            &mut hidden,
        )
        .unwrap();
        let hidden = String::from_utf8(hidden).unwrap();
        assert!(
            hidden.starts_with("id,label,country,pagerank\nAccount 000"),
            "{hidden}"
        );
        for secret in ["alice", "bob", "carol", "dave", "diplomat"] {
            assert!(!hidden.contains(secret), "{secret} leaked: {hidden}");
        }
    }

    #[test]
    fn the_report_names_metrics_and_hides_warning_texts_under_pseudonyms() {
        let network = network_with_attributes();
        let table = ScoreTable {
            metrics: vec!["in_degree".into()],
            columns: vec![vec![1.0, 0.0, 2.0, f64::NAN]],
        };
        let warnings = [Warning {
            file: "x.csv".into(),
            line: Some(3),
            message: "alice said something odd".into(),
            names: Vec::new(),
        }];
        let graph = crate::csr::Csr::from_network(&network, &crate::csr::KindWeights::default());
        let context = ReportContext {
            summary: network.summary(),
            structure: crate::structure::summarise(&graph),
            files: &[],
            warnings: &warnings,
            layout_iterations: Some(10),
            sorted_by: Some("in_degree"),
            methods: "In-degree; kind weights: follow 1.".into(),
            analysis: crate::session::Settings::default().to_file(),
        };
        let mut out = Vec::new();
        let names = Names::pseudonymous(&network, "3");
        write_report_json(&names, &table, &[2, 0, 1, 3], &context, &mut out).unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(report["metrics"][0]["name"], "In-degree");
        assert_eq!(report["sorted_by"], "in_degree");
        assert_eq!(report["structure"]["accounts"], 4);
        assert_eq!(report["methods"], "In-degree; kind weights: follow 1.");
        assert_eq!(report["analysis"]["format"], "attache-analysis");
        assert_eq!(report["accounts"][0]["rank"], 1);
        assert_eq!(report["accounts"][0]["scores"]["in_degree"], 2.0);
        assert_eq!(
            report["accounts"][3]["scores"]["in_degree"],
            serde_json::Value::Null
        );
        assert_eq!(report["warnings"], serde_json::Value::Null);
        assert!(!String::from_utf8(out).unwrap().contains("alice"));
    }
}
