//! `attache`: the command-line face of the core.
//!
//! `attache score FILE... [--metrics LIST] [--top N] [--format table|csv|json|gexf] [--layout N]`
//! `attache inspect FILE... [--json]`
//! `attache explain FILE... --account ID [--weights P=W,...] [--kind-weights K=W,...] [--json]`
//! `attache groups FILE... --by NAME [--top N] [--weights P=W,...] [--kind-weights K=W,...] [--json]`
//!
//! Exit codes: 0 success, 1 an input could not be read, 2 bad arguments.
//! Results go to stdout; errors and warnings to stderr.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use attache::analysis::Analysis;
use attache::explain::{account_by_id, ExplainOptions};
use attache::export::{gexf, Names};
use attache::groups::{GroupBy, GroupReport, Grouping};
use attache::ingest::{needs_random_access, Ingest, Loaded, RandomAccess};
use attache::layout::{ForceAtlas2, Settings as LayoutSettings};
use attache::metrics::catalogue;
use attache::progress::Silent;
use attache::scores::{self, ScoreTable};

mod social;
mod table;

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
        /// Export files; several are merged into one network.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Comma-separated metric ids, or `all`. The ranking follows the first.
        #[arg(long, default_value = "pagerank,in_degree", value_delimiter = ',')]
        metrics: Vec<String>,
        /// Print only the N highest-ranked accounts.
        #[arg(long)]
        top: Option<usize>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// How much each interaction kind counts, e.g. `repost=2,follow=0` (others 1).
        #[arg(long, value_delimiter = ',')]
        kind_weights: Vec<String>,
        /// With `--format gexf`: run N iterations of ForceAtlas2 and write the positions.
        #[arg(long, default_value_t = 0)]
        layout: usize,
    },
    /// Summarise what the files contain: formats, counts by kind, warnings.
    Inspect {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Explain one account: its influence index pillar by pillar, its rank under every
    /// lens, and the accounts that pass it the most PageRank.
    Explain {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The account's id, as the input gives it.
        #[arg(long)]
        account: String,
        /// Pillar weights of the index, e.g. `reach=2,network=0.5` (others 1).
        #[arg(long, value_delimiter = ',')]
        weights: Vec<String>,
        /// How much each interaction kind counts, e.g. `repost=2,follow=0` (others 1).
        #[arg(long, value_delimiter = ',')]
        kind_weights: Vec<String>,
        /// Lenses to rank the account under (default: every metric).
        #[arg(long, value_delimiter = ',')]
        lenses: Vec<String>,
        /// How many in-neighbours to list.
        #[arg(long, default_value_t = 10)]
        contributors: usize,
        #[arg(long)]
        json: bool,
    },
    /// Aggregate accounts by a node attribute (country...) or a metric column (community...).
    Groups {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// An attribute name, or a metric id when no account has such an attribute.
        #[arg(long)]
        by: String,
        /// Top members and hashtags listed per group.
        #[arg(long, default_value_t = 5)]
        top: usize,
        /// Pillar weights of the index, e.g. `reach=2,network=0.5` (others 1).
        #[arg(long, value_delimiter = ',')]
        weights: Vec<String>,
        /// How much each interaction kind counts, e.g. `repost=2,follow=0` (others 1).
        #[arg(long, value_delimiter = ',')]
        kind_weights: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List the metrics with their ids and explanations.
    Metrics,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Table,
    Csv,
    Json,
    /// The whole network with scores (and positions, with --layout) for Gephi.
    Gexf,
}

/// How the command ended, mapped to the exit code.
enum Failure {
    UnreadableInput,
    BadArguments(String),
    Output(io::Error),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score {
            files,
            metrics,
            top,
            format,
            kind_weights,
            layout,
        } => score(&files, &metrics, top, format, &kind_weights, layout),
        Command::Inspect { files, json } => inspect(&files, json),
        Command::Explain {
            files,
            account,
            weights,
            kind_weights,
            lenses,
            contributors,
            json,
        } => {
            let options = ExplainRequest {
                account,
                weights,
                lenses,
                contributors,
                json,
            };
            explain(&files, &kind_weights, &options)
        }
        Command::Groups {
            files,
            by,
            top,
            weights,
            kind_weights,
            json,
        } => groups(&files, &by, top, &weights, &kind_weights, json),
        Command::Metrics => list_metrics(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::UnreadableInput) => ExitCode::from(1),
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

/// Reads every file into one network. Unreadable files are reported and skipped;
/// the returned flag says whether any was.
fn load(files: &[PathBuf]) -> (Loaded, bool) {
    let mut ingest = Ingest::new();
    let mut any_unreadable = false;
    for path in files {
        let name = path.display().to_string();
        if let Err(error) = read_into(&mut ingest, path, &name) {
            eprintln!("attache: cannot read {name}: {error}");
            any_unreadable = true;
        }
    }
    let loaded = ingest.finish();
    // A file from which nothing at all was read is an input that could not be read too.
    for (path, why) in loaded.unread_inputs() {
        eprintln!("attache: nothing could be read from {path}: {why}");
        any_unreadable = true;
    }
    (loaded, any_unreadable)
}

fn read_into(ingest: &mut Ingest, path: &PathBuf, name: &str) -> io::Result<()> {
    let mut file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("it is a directory; pass the files inside it"));
    }
    let mut head = [0u8; 4];
    let head_len = read_head(&mut file, &mut head)?;
    if needs_random_access(&head[..head_len]) {
        let len = file.metadata()?.len();
        ingest.ingest_archive(name, &mut FileSource { file, len });
        return Ok(());
    }
    file.seek(SeekFrom::Start(0))?;
    ingest.begin_file(name);
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                ingest.end_file();
                return Err(error);
            }
        };
        ingest.push(&buffer[..read]);
    }
    ingest.end_file();
    Ok(())
}

/// Reads up to `head.len()` bytes from the start of the file.
fn read_head(file: &mut File, head: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// A file read at any offset, as ZIP archives need.
struct FileSource {
    file: File,
    len: u64,
}

impl RandomAccess for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        self.file
            .seek(SeekFrom::Start(offset))
            .and_then(|_| self.file.read_exact(buf))
            .map_err(|error| error.to_string())
    }
}

fn resolve_metrics(requested: &[String]) -> Result<Vec<&'static str>, Failure> {
    if requested.iter().any(|m| m == "all") {
        return Ok(catalogue().iter().map(|m| m.info.id).collect());
    }
    requested
        .iter()
        .map(|id| {
            attache::metrics::find(id.trim())
                .map(|m| m.info.id)
                .ok_or_else(|| {
                    Failure::BadArguments(
                        attache::metrics::MetricError::UnknownMetric(id.clone()).to_string(),
                    )
                })
        })
        .collect()
}

/// The whole network (not just `--top`), laid out first if asked.
fn write_gexf(analysis: &Analysis, table: &ScoreTable, iterations: usize, out: impl Write) -> io::Result<()> {
    let positions = (iterations > 0).then(|| {
        let graph = analysis.graph();
        let mut layout = ForceAtlas2::new(graph, LayoutSettings::for_size(graph.node_count()));
        layout.step(iterations);
        layout.positions()
    });
    let visual = gexf::Visual {
        positions: positions.as_deref(),
        ..gexf::Visual::default()
    };
    gexf::write(
        &Names::real(analysis.network()),
        analysis.graph(),
        table,
        &visual,
        out,
    )
}

fn print_warnings(loaded: &Loaded) {
    for warning in &loaded.warnings {
        match warning.line {
            Some(line) => eprintln!("warning: {}:{line}: {}", warning.file, warning.message),
            None => eprintln!("warning: {}: {}", warning.file, warning.message),
        }
    }
}

fn score(
    files: &[PathBuf],
    metrics: &[String],
    top: Option<usize>,
    format: OutputFormat,
    kind_weights: &[String],
    layout_iterations: usize,
) -> Result<(), Failure> {
    let metric_ids = resolve_metrics(metrics)?;
    let kind_weights = social::kind_weights(kind_weights).map_err(Failure::BadArguments)?;
    let (loaded, any_unreadable) = load(files);
    print_warnings(&loaded);
    let analysis = Analysis::with_kind_weights(loaded.network, kind_weights);
    let table = ScoreTable::compute(&analysis, &metric_ids, &mut Silent)
        .map_err(|error| Failure::BadArguments(error.to_string()))?;
    let mut order = scores::rank_descending(&table.columns[0]);
    if let Some(top) = top {
        order.truncate(top);
    }
    let network = analysis.network();
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        OutputFormat::Table => table::write(network, &table, &order, &mut out),
        OutputFormat::Csv => scores::write_csv(network, &table, &order, &mut out),
        OutputFormat::Json => {
            scores::write_json(network, &table, &order, &mut out).and_then(|()| writeln!(out))
        }
        OutputFormat::Gexf => write_gexf(&analysis, &table, layout_iterations, &mut out),
    }
    .and_then(|()| out.flush())
    .map_err(Failure::Output)?;
    if any_unreadable {
        Err(Failure::UnreadableInput)
    } else {
        Ok(())
    }
}

fn inspect(files: &[PathBuf], json: bool) -> Result<(), Failure> {
    let (loaded, any_unreadable) = load(files);
    let summary = loaded.network.summary();
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if json {
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
            "warnings": loaded.warnings,
            "files": files,
        });
        serde_json::to_writer_pretty(&mut out, &document)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        table::write_inspection(&loaded, &summary, &mut out)
    };
    written.and_then(|()| out.flush()).map_err(Failure::Output)?;
    if any_unreadable {
        Err(Failure::UnreadableInput)
    } else {
        Ok(())
    }
}

struct ExplainRequest {
    account: String,
    weights: Vec<String>,
    lenses: Vec<String>,
    contributors: usize,
    json: bool,
}

fn explain(files: &[PathBuf], kind_weights: &[String], request: &ExplainRequest) -> Result<(), Failure> {
    let options = ExplainOptions {
        weights: social::index_weights(&request.weights).map_err(Failure::BadArguments)?,
        lenses: (!request.lenses.is_empty()).then(|| request.lenses.clone()),
        contributors: request.contributors,
    };
    let kind_weights = social::kind_weights(kind_weights).map_err(Failure::BadArguments)?;
    let (loaded, any_unreadable) = load(files);
    print_warnings(&loaded);
    let analysis = Analysis::with_kind_weights(loaded.network, kind_weights);
    let account = account_by_id(analysis.network(), &request.account)
        .ok_or_else(|| Failure::BadArguments(format!("no account with id '{}'", request.account)))?;
    let explanation = attache::explain::explain(&analysis, account, &options, &mut Silent)
        .map_err(|error| Failure::BadArguments(error.to_string()))?;
    let mut out = BufWriter::new(io::stdout().lock());
    if request.json {
        serde_json::to_writer_pretty(&mut out, &explanation)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        social::write_explanation(&analysis, &explanation, &mut out)
    }
    .and_then(|()| out.flush())
    .map_err(Failure::Output)?;
    finished(any_unreadable)
}

fn groups(
    files: &[PathBuf],
    by: &str,
    top: usize,
    weights: &[String],
    kind_weights: &[String],
    json: bool,
) -> Result<(), Failure> {
    let weights = social::index_weights(weights).map_err(Failure::BadArguments)?;
    let kind_weights = social::kind_weights(kind_weights).map_err(Failure::BadArguments)?;
    let (loaded, any_unreadable) = load(files);
    print_warnings(&loaded);
    let analysis = Analysis::with_kind_weights(loaded.network, kind_weights);
    let bad = |error: attache::metrics::MetricError| Failure::BadArguments(error.to_string());
    let grouping =
        Grouping::of(&analysis, &GroupBy::resolve(analysis.network(), by), &mut Silent).map_err(bad)?;
    let report = GroupReport::compute(&analysis, &grouping, &weights, top, &mut Silent).map_err(bad)?;
    let topics = attache::topics::by_group(analysis.network(), &grouping, top);
    let mut out = BufWriter::new(io::stdout().lock());
    if json {
        let mut document = serde_json::to_value(&report).map_err(|e| Failure::Output(io::Error::other(e)))?;
        if let Some(groups) = document["groups"].as_array_mut() {
            for (group, topics) in groups.iter_mut().zip(&topics) {
                group["topics"] = serde_json::to_value(topics).unwrap_or_default();
            }
        }
        serde_json::to_writer_pretty(&mut out, &document)
            .map_err(io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        social::write_groups(&report, &topics, &mut out)
    }
    .and_then(|()| out.flush())
    .map_err(Failure::Output)?;
    finished(any_unreadable)
}

fn finished(any_unreadable: bool) -> Result<(), Failure> {
    if any_unreadable {
        Err(Failure::UnreadableInput)
    } else {
        Ok(())
    }
}

fn list_metrics() -> Result<(), Failure> {
    let mut out = BufWriter::new(io::stdout().lock());
    for metric in catalogue() {
        let info = &metric.info;
        writeln!(
            out,
            "{:<14} {}\n{:<14} {}\n",
            info.id, info.name, "", info.explanation
        )
        .map_err(Failure::Output)?;
    }
    out.flush().map_err(Failure::Output)
}
