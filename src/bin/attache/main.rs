//! `attache`: the command-line face of the core [`Session`].
//!
//! `attache score FILE... [--metrics LIST] [--top N] [--format table|csv|json|report|gexf] [--layout N]`
//! `attache inspect FILE... [--json]`
//! `attache explain FILE... --account ID [--json]`
//! `attache groups FILE... --by NAME [--top N] [--json]`
//! `attache report FILE... [--lenses LIST] [--top N] [--by NAME] > study.html`
//! `attache coordination FILE... [--by repost|link|all] [--window SECONDS] [--min-shared N] [--format table|csv|json]`
//! `attache convert FILE... --to DIR` (one shard as Parquet tables, for `spark/`)
//! `attache path FILE... --from ID --to ID [--format table|json]`
//!
//! Every command that computes also takes `--threads N` (default: every core; the results
//! are the same bits whatever N), `--param METRIC.NAME=VALUE` (repeatable),
//! `--kind-weights K=W,...`, `--weights PILLAR=W,...` (the index's pillars, the same as
//! `--param influence_index.PILLAR=W`), `--settings FILE` (replay an analysis file; the
//! flags given override it) and `--save-settings FILE` (write the analysis file of this run).
//!
//! Exit codes: 0 success, 1 an input could not be read (or `path` names an unknown
//! account), 2 bad arguments or settings.
//! Results go to stdout; errors and warnings to stderr.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use attache::explain::ExplainOptions;
use attache::metrics::catalogue;
use attache::network::imported;
use attache::progress::Silent;
use attache::scores;
use attache::session::{ExportError, Session, SessionError, StudyOptions};

mod convert;
mod coordination;
mod inputs;
mod parquet_table;
mod path;
mod social;
mod table;

use inputs::Inputs;

#[derive(Parser)]
#[command(
    name = "attache",
    version,
    about = "Who sways the conversation: influence scores from social-media exports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rank accounts by influence scores.
    Score {
        #[command(flatten)]
        inputs: Inputs,
        /// Comma-separated metric ids, or `all`; `imported:ID` for a column a scores table
        /// brings (`imported:pagerank`; `all` includes them). The ranking follows the first.
        #[arg(long, default_value = "pagerank,in_degree", value_delimiter = ',')]
        metrics: Vec<String>,
        /// Print only the N highest-ranked accounts.
        #[arg(long)]
        top: Option<usize>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// With `--format gexf`: run N iterations of ForceAtlas2 and write the positions
        /// (default: the layout the analysis file records, if any).
        #[arg(long)]
        layout: Option<usize>,
    },
    /// Summarise what the files contain: formats, counts by kind, warnings.
    Inspect {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Threads to read with (default: every core; 1 for one thread).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
    },
    /// Explain one account: its influence index pillar by pillar, its rank under every
    /// lens, and the accounts that pass it the most PageRank.
    Explain {
        #[command(flatten)]
        inputs: Inputs,
        /// The account's id, as the input gives it.
        #[arg(long)]
        account: String,
        /// Lenses to rank the account under (default: every metric).
        #[arg(long, value_delimiter = ',')]
        lenses: Vec<String>,
        /// How many in-neighbours to list.
        #[arg(long, default_value_t = attache::explain::DEFAULT_CONTRIBUTORS)]
        contributors: usize,
        #[arg(long)]
        json: bool,
    },
    /// Aggregate accounts by a node attribute (country...) or a metric column (community...).
    Groups {
        #[command(flatten)]
        inputs: Inputs,
        /// An attribute name, or a metric id when no account has such an attribute.
        #[arg(long)]
        by: String,
        /// Top members and hashtags listed per group.
        #[arg(long, default_value_t = attache::session::DEFAULT_GROUP_TOP)]
        top: usize,
        #[arg(long)]
        json: bool,
    },
    /// Write the study report: one self-contained HTML file (print it to PDF from a browser).
    Report {
        #[command(flatten)]
        inputs: Inputs,
        /// Lenses listed beside the influence index (comma-separated metric ids).
        #[arg(long, default_value = "pagerank,in_degree", value_delimiter = ',')]
        lenses: Vec<String>,
        /// Accounts listed under each lens.
        #[arg(long, default_value_t = attache::session::DEFAULT_STUDY_TOP)]
        top: usize,
        /// Group accounts by this attribute or metric column (e.g. country, community).
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// Lay the map out with N iterations (default: the analysis file's layout, else a
        /// layout of the report's own for networks up to 5,000 accounts).
        #[arg(long)]
        layout: Option<usize>,
    },
    /// Find accounts that repost the same posts or share the same links within seconds of
    /// each other, repeatedly (coordinated amplification), with a shuffled-times baseline.
    Coordination(coordination::Args),
    /// The path of attention from one account to another: the shortest chain of
    /// interactions along their direction, the strongest among the shortest.
    Path {
        #[command(flatten)]
        inputs: Inputs,
        /// The account attention starts from, by id.
        #[arg(long)]
        from: String,
        /// The account it reaches, by id.
        #[arg(long)]
        to: String,
        #[arg(long, value_enum, default_value_t = path::PathFormat::Table)]
        format: path::PathFormat,
    },
    /// List the metrics with their ids, explanations and parameters.
    Metrics,
    /// Write the files as one shard of Parquet tables (accounts, interactions, posts)
    /// for the Spark job in spark/ (docs/SCALE.md).
    Convert {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The shard's directory (created if need be).
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum OutputFormat {
    Table,
    Csv,
    Json,
    /// The JSON report: what was read, the settings, the methods line, every account.
    Report,
    /// The whole network with scores (and positions, with --layout) for Gephi.
    Gexf,
}

/// How the command ended, mapped to the exit code.
pub enum Failure {
    UnreadableInput,
    /// Something the arguments name does not exist (exit 1, with the message).
    NotFound(String),
    BadArguments(String),
    Output(io::Error),
}

impl From<SessionError> for Failure {
    fn from(error: SessionError) -> Self {
        Failure::BadArguments(error.to_string())
    }
}

impl From<ExportError> for Failure {
    fn from(error: ExportError) -> Self {
        match error {
            ExportError::Io(error) => Failure::Output(error),
            ExportError::Session(error) => error.into(),
        }
    }
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Score {
            inputs,
            metrics,
            top,
            format,
            layout,
        } => score(&inputs, &metrics, top, format, layout),
        Command::Inspect { files, json, threads } => inspect(&files, json, inputs::thread_count(threads)),
        Command::Explain {
            inputs,
            account,
            lenses,
            contributors,
            json,
        } => {
            let options = ExplainOptions {
                lenses: (!lenses.is_empty()).then_some(lenses),
                contributors,
            };
            explain(&inputs, &account, &options, json)
        }
        Command::Groups {
            inputs,
            by,
            top,
            json,
        } => groups(&inputs, &by, top, json),
        Command::Report {
            inputs,
            lenses,
            top,
            by,
            title,
            layout,
        } => resolve_metrics(&lenses).and_then(|lenses| {
            let options = StudyOptions {
                lenses,
                top,
                group_by: by,
                title,
            };
            report(&inputs, &options, layout)
        }),
        Command::Coordination(args) => coordination::run(&args),
        Command::Path {
            inputs,
            from,
            to,
            format,
        } => path::path(&inputs, &from, &to, format),
        Command::Metrics => list_metrics(),
        Command::Convert { files, to } => convert::run(&files, &to),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::UnreadableInput) => ExitCode::from(1),
        Err(Failure::NotFound(message)) => {
            eprintln!("attache: {message}");
            ExitCode::from(1)
        }
        Err(Failure::BadArguments(message)) => {
            eprintln!("attache: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(error)) => {
            eprintln!("attache: cannot write output: {error}");
            ExitCode::from(1)
        }
    }
}

/// The metric ids asked for: catalogue ids (`all`: every one), and imported columns
/// (`imported:pagerank`), which are checked once the files are read ([`imported_metrics`]).
fn resolve_metrics(requested: &[String]) -> Result<Vec<String>, Failure> {
    if requested.iter().any(|m| m == "all") {
        return Ok(catalogue().iter().map(|m| m.info.id.to_owned()).collect());
    }
    requested
        .iter()
        .map(|id| {
            let id = id.trim();
            if id.starts_with(imported::PREFIX) {
                return Ok(id.to_owned());
            }
            attache::metrics::find(id)
                .map(|m| m.info.id.to_owned())
                .ok_or_else(|| {
                    Failure::BadArguments(
                        attache::metrics::MetricError::UnknownMetric(id.to_owned()).to_string(),
                    )
                })
        })
        .collect()
}

/// `metrics` with the imported columns checked against what the files brought, and
/// every imported column after the catalogue's with `all`.
fn imported_metrics(
    session: &Session,
    requested: &[String],
    metrics: Vec<String>,
) -> Result<Vec<String>, Failure> {
    let brought: Vec<String> = session.imported_columns()?.into_iter().map(|c| c.id).collect();
    if let Some(missing) = metrics
        .iter()
        .find(|id| id.starts_with(imported::PREFIX) && !brought.contains(id))
    {
        let known = match brought.is_empty() {
            true => "the files bring no imported columns (a scores table brings them)".to_owned(),
            false => format!("the files bring {}", brought.join(", ")),
        };
        return Err(Failure::BadArguments(format!(
            "no imported column '{missing}'; {known}"
        )));
    }
    Ok(match requested.iter().any(|m| m == "all") {
        true => metrics.into_iter().chain(brought).collect(),
        false => metrics,
    })
}

/// Writes through a buffered stdout, flushing at the end.
fn to_stdout(write: impl FnOnce(&mut dyn Write) -> Result<(), Failure>) -> Result<(), Failure> {
    let mut out = BufWriter::new(io::stdout().lock());
    write(&mut out)?;
    out.flush().map_err(Failure::Output)
}

fn write_pretty_json(value: &impl serde::Serialize, out: &mut dyn Write) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(io::Error::other)
        .and_then(|()| writeln!(out))
        .map_err(Failure::Output)
}

/// Exit 1 when an input could not be read: the report above was still written.
fn finished(any_unreadable: bool) -> Result<(), Failure> {
    if any_unreadable {
        Err(Failure::UnreadableInput)
    } else {
        Ok(())
    }
}

fn score(
    inputs: &Inputs,
    metrics: &[String],
    top: Option<usize>,
    format: OutputFormat,
    layout_iterations: Option<usize>,
) -> Result<(), Failure> {
    let metric_ids = resolve_metrics(metrics)?;
    let mut opened = inputs.open()?;
    let session = &mut opened.session;
    let metric_ids = imported_metrics(session, metrics, metric_ids)?;
    let metric_ids: Vec<&str> = metric_ids.iter().map(String::as_str).collect();
    let table = session.score_table(&metric_ids, &mut Silent)?;
    if format == OutputFormat::Gexf {
        session.replay_layout(layout_iterations)?;
    }
    let mut order = Session::ranking(&table.columns[0]);
    let session = &opened.session;
    to_stdout(|out| {
        if format == OutputFormat::Gexf {
            // The whole network, not just `--top`.
            return Ok(session.write_gexf(&table, None, None, out)?);
        }
        if format == OutputFormat::Report {
            return Ok(session
                .write_report_json(&table, &order, Some(metric_ids[0]), &mut *out)
                .and_then(|()| Ok(writeln!(out)?))?);
        }
        if let Some(top) = top {
            order.truncate(top);
        }
        let network = session.network()?;
        match format {
            OutputFormat::Table => table::write(network, &table, &order, out),
            OutputFormat::Csv => scores::write_csv(network, &table, &order, out),
            _ => scores::write_json(network, &table, &order, &mut *out).and_then(|()| writeln!(out)),
        }
        .map_err(Failure::Output)
    })?;
    inputs.save(session)?;
    finished(opened.any_unreadable)
}

fn inspect(files: &[PathBuf], json: bool, threads: usize) -> Result<(), Failure> {
    let mut session = Session::new();
    session.set_threads(threads);
    let mut any_unreadable = inputs::read_files(&mut session, files);
    let loaded = session.finish()?;
    any_unreadable |= inputs::report_unread(&session);
    let summary = &loaded.network;
    let structure = session.structure()?;
    let owner = session.owner_view()?;
    let imported_columns: Vec<String> = session.imported_columns()?.into_iter().map(|c| c.id).collect();
    to_stdout(|out| {
        if !json {
            table::write_inspection(&loaded, out).map_err(Failure::Output)?;
            return owner.as_ref().map_or(Ok(()), |view| {
                table::write_owner(view, out).map_err(Failure::Output)
            });
        }
        let files: Vec<_> = loaded
            .files
            .iter()
            .map(|f| serde_json::json!({"path": f.path, "format": f.format, "bytes": f.bytes, "records": f.records, "skipped": f.skipped, "accounts": f.accounts, "posts": f.posts, "interactions": f.interactions, "node_rows": f.node_rows, "notes": f.notes}))
            .collect();
        let document = serde_json::json!({
            "nodes": summary.nodes,
            "edges": summary.edges,
            "posts": summary.posts,
            "interactions": summary.interactions,
            "self_interactions": summary.self_interactions,
            "duplicates": summary.duplicates,
            "imported_columns": imported_columns,
            "structure": structure,
            "owner": owner,
            "warnings": loaded.warnings,
            "files": files,
        });
        write_pretty_json(&document, out)
    })?;
    finished(any_unreadable)
}

fn explain(inputs: &Inputs, account: &str, options: &ExplainOptions, json: bool) -> Result<(), Failure> {
    let opened = inputs.open()?;
    let session = &opened.session;
    let explanation = session.explain(session.account(account)?, options, &mut Silent)?;
    to_stdout(|out| {
        if json {
            write_pretty_json(&explanation, out)
        } else {
            social::write_explanation(session.analysis()?, &explanation, out).map_err(Failure::Output)
        }
    })?;
    inputs.save(session)?;
    finished(opened.any_unreadable)
}

fn groups(inputs: &Inputs, by: &str, top: usize, json: bool) -> Result<(), Failure> {
    let opened = inputs.open()?;
    let session = &opened.session;
    let (_, grouping, report) = session.groups(by, top, &mut Silent)?;
    let topics = attache::topics::by_group(session.network()?, &grouping, top);
    to_stdout(|out| {
        if !json {
            return social::write_groups(&report, &topics, out).map_err(Failure::Output);
        }
        let mut document = serde_json::to_value(&report).map_err(|e| Failure::Output(io::Error::other(e)))?;
        if let Some(groups) = document["groups"].as_array_mut() {
            for (group, topics) in groups.iter_mut().zip(&topics) {
                group["topics"] = serde_json::to_value(topics).unwrap_or_default();
            }
        }
        write_pretty_json(&document, out)
    })?;
    inputs.save(session)?;
    finished(opened.any_unreadable)
}

fn report(inputs: &Inputs, options: &StudyOptions, layout_iterations: Option<usize>) -> Result<(), Failure> {
    let mut opened = inputs.open()?;
    opened.session.replay_layout(layout_iterations)?;
    let session = &opened.session;
    to_stdout(|out| Ok(session.write_study_html(options, &mut Silent, out)?))?;
    inputs.save(session)?;
    finished(opened.any_unreadable)
}

fn list_metrics() -> Result<(), Failure> {
    to_stdout(|out| {
        for metric in catalogue() {
            let info = &metric.info;
            writeln!(
                out,
                "{:<14} {}\n{:<14} {}",
                info.id, info.name, "", info.explanation
            )
            .map_err(Failure::Output)?;
            for param in info.params {
                writeln!(out, "{:<14} --param {}.{}: {}", "", info.id, param.id, param.help)
                    .map_err(Failure::Output)?;
            }
            writeln!(out).map_err(Failure::Output)?;
        }
        Ok(())
    })
}
