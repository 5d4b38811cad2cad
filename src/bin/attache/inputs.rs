//! The options every computing command shares, and the session they open: settings
//! replayed from an analysis file, then the flags over it, then the files read.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use attache::ingest::{needs_random_access, RandomAccess};
use attache::metrics::{self, Params};
use attache::session::{AnalysisFile, Session};

use crate::parquet_table;
use crate::social;
use crate::Failure;

/// The files and the settings of one analysis.
#[derive(clap::Args)]
pub struct Inputs {
    /// Export files; several are merged into one network.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// How much each interaction kind counts, e.g. `repost=2,follow=0` (others 1).
    #[arg(long, value_delimiter = ',')]
    pub kind_weights: Vec<String>,
    /// Pillar weights of the influence index, e.g. `reach=2,network=0.5` (others 1).
    #[arg(long, value_delimiter = ',')]
    pub weights: Vec<String>,
    /// A lens parameter, e.g. `pagerank.alpha=0.9`, `pagerank.seeds=a,b,c`,
    /// `betweenness.k=500`, `community.resolution=1.5`. Repeatable.
    #[arg(long = "param", value_name = "METRIC.NAME=VALUE")]
    pub params: Vec<String>,
    /// Replay the analysis file FILE (the flags given override it).
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Write this run's analysis file to FILE: inputs and their hashes, every setting.
    #[arg(long, value_name = "FILE")]
    pub save_settings: Option<PathBuf>,
    /// Threads to compute with (default: every core; 1 for one thread). The results are
    /// the same bits whatever the count.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// The threads a command uses: `--threads N`, else every core the system offers.
pub fn thread_count(given: Option<u16>) -> usize {
    given
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
}

/// A session with the files read, and whether any file could not be read.
pub struct Opened {
    pub session: Session,
    pub any_unreadable: bool,
}

impl Inputs {
    /// Applies the settings (file, then flags), reads every file and builds the network.
    /// Settings are checked before any file is read: a bad one computes nothing.
    pub fn open(&self) -> Result<Opened, Failure> {
        let mut session = Session::new();
        session.set_threads(thread_count(self.threads));
        self.configure(&mut session)?;
        let mut any_unreadable = read_files(&mut session, &self.files);
        session
            .finish()
            .map_err(|error| Failure::BadArguments(error.to_string()))?;
        print_warnings(&session);
        any_unreadable |= report_unread(&session);
        Ok(Opened {
            session,
            any_unreadable,
        })
    }

    fn configure(&self, session: &mut Session) -> Result<(), Failure> {
        let bad = |error: attache::session::SessionError| Failure::BadArguments(error.to_string());
        if let Some(path) = &self.settings {
            session.apply(read_settings(path)?).map_err(bad)?;
        }
        let mut kind_weights = session.kind_weights();
        social::set_kind_weights(&mut kind_weights, &self.kind_weights).map_err(Failure::BadArguments)?;
        session.set_kind_weights(kind_weights).map_err(bad)?;
        let mut index_weights = session.index_weights();
        social::set_index_weights(&mut index_weights, &self.weights).map_err(Failure::BadArguments)?;
        session.set_index_weights(index_weights).map_err(bad)?;
        for (metric, params) in self.assigned_params(session)? {
            session.set_params(metric, params).map_err(bad)?;
        }
        Ok(())
    }

    /// The `--param` values grouped by metric, over the parameters already in force.
    fn assigned_params(&self, session: &Session) -> Result<BTreeMap<&'static str, Params>, Failure> {
        let mut by_metric: BTreeMap<&'static str, Params> = BTreeMap::new();
        for assignment in &self.params {
            let (metric, param, value) =
                metrics::parse_assignment(assignment).map_err(Failure::BadArguments)?;
            by_metric
                .entry(metric)
                .or_insert_with(|| session.params(metric))
                .0
                .insert(param.to_owned(), value);
        }
        Ok(by_metric)
    }

    /// Writes the analysis file if `--save-settings` asked for one.
    pub fn save(&self, session: &Session) -> Result<(), Failure> {
        let Some(path) = &self.save_settings else {
            return Ok(());
        };
        std::fs::write(path, session.settings().to_json() + "\n").map_err(|error| {
            Failure::BadArguments(format!(
                "cannot write the analysis file {}: {error}",
                path.display()
            ))
        })
    }
}

fn read_settings(path: &Path) -> Result<attache::session::Settings, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Failure::BadArguments(format!("cannot read {}: {error}", path.display())))?;
    AnalysisFile::parse(&text).map_err(|error| Failure::BadArguments(format!("{}: {error}", path.display())))
}

/// Reads every file into the session. Unreadable files are reported and skipped; the
/// returned flag says whether any was.
pub fn read_files(session: &mut Session, files: &[PathBuf]) -> bool {
    let mut any_unreadable = false;
    for path in files {
        let name = path.display().to_string();
        if let Err(error) = read_into(session, path, &name) {
            eprintln!("attache: cannot read {name}: {error}");
            any_unreadable = true;
        }
    }
    any_unreadable
}

fn read_into(session: &mut Session, path: &Path, name: &str) -> io::Result<()> {
    let session_error = |error: attache::session::SessionError| io::Error::other(error.to_string());
    if let Some(parts) = parquet_table::parquet_files(path)? {
        return read_parquet(session, &parts, name);
    }
    let mut file = File::open(path)?;
    if file.metadata()?.is_dir() {
        return Err(io::Error::other(
            "it is a directory without Parquet files; pass the files inside it",
        ));
    }
    let mut head = [0u8; 4];
    let head_len = read_head(&mut file, &mut head)?;
    if head[..head_len] == parquet_table::MAGIC[..] {
        return read_parquet(session, &[path.to_path_buf()], name);
    }
    if needs_random_access(&head[..head_len]) {
        let len = file.metadata()?.len();
        session
            .ingest_archive(name, &mut FileSource { file, len })
            .map_err(session_error)?;
        return Ok(());
    }
    // The same content named twice (a.csv and a copy of it) is read once.
    let len = file.metadata()?.len();
    let mut source = FileSource {
        file: file.try_clone()?,
        len,
    };
    if session
        .skip_if_repeat(name, &mut source)
        .map_err(session_error)?
        .is_some()
    {
        return Ok(());
    }
    file.seek(SeekFrom::Start(0))?;
    session.begin_file(name, None).map_err(session_error)?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                session.end_file().map_err(session_error)?;
                return Err(error);
            }
        };
        session.push(&buffer[..read]).map_err(session_error)?;
    }
    session.end_file().map_err(session_error)?;
    Ok(())
}

/// Reads a Parquet table (one file, or a directory of part files) as the CSV table the
/// core reads (see `parquet_table`).
fn read_parquet(session: &mut Session, parts: &[PathBuf], name: &str) -> io::Result<()> {
    let session_error = |error: attache::session::SessionError| io::Error::other(error.to_string());
    let csv = parquet_table::as_csv(parts).map_err(io::Error::other)?;
    session.begin_file(name, None).map_err(session_error)?;
    session.push(&csv).map_err(session_error)?;
    session.end_file().map_err(session_error)?;
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

/// A file from which nothing at all was read is an input that could not be read too:
/// said on stderr, and the exit code is 1 (the other files still load).
pub fn report_unread(session: &Session) -> bool {
    let unread = session.unread_inputs();
    for (path, why) in &unread {
        eprintln!("attache: nothing could be read from {path}: {why}");
    }
    !unread.is_empty()
}

pub fn print_warnings(session: &Session) {
    for warning in session.warnings() {
        match warning.line {
            Some(line) => eprintln!("warning: {}:{line}: {}", warning.file, warning.message),
            None => eprintln!("warning: {}: {}", warning.file, warning.message),
        }
    }
}
