//! `attache`: the command-line face of the core.
//!
//! `attache score FILE... [--metrics LIST] [--top N] [--format table|csv|json|gexf] [--layout N]`
//! `attache inspect FILE... [--json]`
//!
//! Exit codes: 0 success, 1 an input could not be read, 2 bad arguments.
//! Results go to stdout; errors and warnings to stderr.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use attache::analysis::Analysis;
use attache::export::{gexf, Names};
use attache::ingest::{Ingest, Loaded};
use attache::layout::{ForceAtlas2, Settings as LayoutSettings};
use attache::metrics::catalogue;
use attache::progress::Silent;
use attache::scores::{self, ScoreTable};

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
            layout,
        } => score(&files, &metrics, top, format, layout),
        Command::Inspect { files, json } => inspect(&files, json),
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
    (ingest.finish(), any_unreadable)
}

fn read_into(ingest: &mut Ingest, path: &PathBuf, name: &str) -> io::Result<()> {
    let mut file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other("it is a directory; pass the files inside it"));
    }
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
    layout_iterations: usize,
) -> Result<(), Failure> {
    let metric_ids = resolve_metrics(metrics)?;
    let (loaded, any_unreadable) = load(files);
    print_warnings(&loaded);
    let analysis = Analysis::new(loaded.network);
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
            .map(|f| serde_json::json!({"path": f.path, "format": f.format, "bytes": f.bytes, "records": f.records, "skipped": f.skipped, "accounts": f.accounts, "posts": f.posts, "interactions": f.interactions}))
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
