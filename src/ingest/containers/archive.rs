//! Which members of a ZIP to read, and feeding them to the ordinary readers.
//!
//! [`Ingest::ingest_archive`] lists the members (`zip.rs`), recognises the archive by its
//! member names, and streams the members it needs, each as a file of its own named
//! `archive.zip/member/path`, through `begin_file`/`push`/`end_file`: every format reader
//! works unchanged, memory stays bounded, and each member gets its own [`FileReport`].
//!
//! * **X/Twitter archive** (`data/manifest.js`, or `data/tweets.js`/`tweet.js` without
//!   one): the manifest first (it names the owner), then the files it lists for
//!   `account`, `tweets` (or the older `tweet`), `follower` and `following`; without a
//!   manifest, those files by name. Nothing else is opened: not the DMs, `ip-audit.js`,
//!   the e-mail or phone number, the ads, the media (formats.md §1.6.14). Likes carry no
//!   author (§1.4) and long `note-tweet.js` posts repeat their truncated tweets, so neither is read.
//! * **Mastodon archive** (`outbox.json` + `actor.json`): the actor, then the outbox.
//!   `likes.json` and `bookmarks.json` hold only status URIs and are not read; the media neither.
//! * **Spreadsheet** (`.xlsx`, e.g. NodeXL): out of scope, with a warning saying to export CSV.
//! * **Anything else**: every member that is not a folder, macOS metadata or a media file
//!   goes through the ordinary format detection.
//!
//! Problems with the container (truncated, too many members) and with members skipped
//! before reading (encrypted, unsupported method, a declared bomb, overlapping data) are
//! warnings on the archive's own report; problems met while reading a member (it expands
//! beyond the limits, its CRC or deflate stream is bad) are warnings on the member's
//! report, and what was read before stays. A ZIP inside a ZIP is not opened.

use crate::ingest::archives::x_archive;
use crate::ingest::containers::zip::{self, Directory, Entry, ZipLimits};
use crate::ingest::{keeps_warning, SNIFF_BYTES};
use crate::ingest::{FileReport, Format, FormatReader, Ingest, RandomAccess, Sink, Warning};

/// Largest ZIP accepted through the push API, which must hold it whole to open it.
/// The command-line tool and the page use random access instead and have no such limit.
pub const MAX_PUSHED_ZIP_BYTES: usize = 256 << 20;

/// Largest `manifest.js` read into memory to learn the archive's parts.
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// Media and metadata that no format reader wants: skipped without a warning each.
const SKIPPED_EXTENSIONS: [&str; 16] = [
    "jpg", "jpeg", "png", "gif", "webp", "mp4", "mov", "m4a", "mp3", "ogg", "webm", "heic", "svg", "ico",
    "html", "css",
];

impl Ingest {
    /// Sets the bounds that protect against hostile archives (tests lower them).
    pub fn set_zip_limits(&mut self, limits: ZipLimits) {
        self.zip_limits = limits;
    }

    /// Reads a ZIP archive from `source`: the archive's own report first (its format is
    /// [`Format::Zip`], its warnings about the container), then one report per member read.
    /// A file still open is ended first. Never fails: problems become warnings.
    pub fn ingest_archive(&mut self, path: &str, source: &mut dyn RandomAccess) -> Vec<FileReport> {
        if self.open.is_some() {
            self.end_file();
        }
        let first = self.files.len();
        let mut report = FileReport::new(path);
        report.format = Format::Zip;
        report.bytes = source.len();
        self.files.push(report);
        if self.in_archive {
            self.warn_file(
                first,
                "a ZIP inside a ZIP is not opened; extract it and add it directly",
            );
            return self.files[first..].to_vec();
        }
        if let Some(reached) = self.budget_reached_where() {
            self.warn_file(first, crate::ingest::budget::not_read(&reached));
            return self.files[first..].to_vec();
        }
        self.in_archive = true;
        match zip::read_directory(source, &self.zip_limits) {
            Ok(directory) => {
                for warning in &directory.warnings {
                    self.warn_file(first, warning.clone());
                }
                let mut reading = Reading {
                    archive: path,
                    report: first,
                    directory: &directory,
                    budget: self.zip_limits.max_total_bytes,
                };
                reading.run(self, source);
            }
            Err(problem) => self.warn_file(first, problem),
        }
        self.in_archive = false;
        self.files[first..].to_vec()
    }

    /// Opens a ZIP that was pushed in chunks, now that all of it is here.
    pub(in crate::ingest) fn open_pushed_zip(&mut self, report: FileReport, zip: ZipBuffer) -> FileReport {
        if zip.overflowed {
            let index = self.files.len();
            let mut report = report;
            report.format = Format::Zip;
            self.files.push(report);
            self.warn_file(
                index,
                format!(
                    "the ZIP is larger than {} MiB, the most that can be opened from a stream; open it as a file instead",
                    MAX_PUSHED_ZIP_BYTES >> 20
                ),
            );
            return self.files[index].clone();
        }
        let mut bytes = zip.bytes.as_slice();
        let reports = self.ingest_archive(&report.path, &mut bytes);
        reports.into_iter().next().unwrap_or(report)
    }

    /// A warning on a file already reported (the archive's own report).
    fn warn_file(&mut self, index: usize, message: impl Into<String>) {
        let report = &mut self.files[index];
        report.warnings += 1;
        if keeps_warning(report.warnings, self.warnings.len(), 0) {
            self.warnings.push(Warning {
                file: report.path.clone(),
                line: None,
                message: message.into(),
                names: Vec::new(),
            });
        }
    }

    fn note_file(&mut self, index: usize, message: impl Into<String>) {
        let message = message.into();
        let notes = &mut self.files[index].notes;
        if !notes.contains(&message) {
            notes.push(message);
        }
    }

    /// A warning on the file being read (a member whose reading went wrong part way).
    fn warn_open(&mut self, message: impl Into<String>) {
        let Some(file) = self.open.as_mut() else {
            return;
        };
        file.report.warnings += 1;
        if keeps_warning(file.report.warnings, self.warnings.len(), 0) {
            self.warnings.push(Warning {
                file: file.report.path.clone(),
                line: None,
                message: message.into(),
                names: Vec::new(),
            });
        }
    }
}

/// How the archive is recognised from its member names.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    /// An X archive whose `data/` folder sits under `root` (usually empty).
    XArchive {
        root: String,
    },
    Mastodon {
        root: String,
    },
    Spreadsheet,
    Other,
}

fn classify(entries: &[Entry]) -> Kind {
    let names = || entries.iter().map(|e| e.name.as_str());
    for suffix in ["data/manifest.js", "data/tweets.js", "data/tweet.js"] {
        if let Some(name) = names().find(|n| n.ends_with(suffix) && is_root(n, suffix)) {
            return Kind::XArchive {
                root: name[..name.len() - suffix.len()].to_owned(),
            };
        }
    }
    if let Some(outbox) = names().find(|n| n.ends_with("outbox.json") && is_root(n, "outbox.json")) {
        let root = &outbox[..outbox.len() - "outbox.json".len()];
        if names().any(|n| n == format!("{root}actor.json")) {
            return Kind::Mastodon {
                root: root.to_owned(),
            };
        }
    }
    if names().any(|n| n == "[Content_Types].xml") && names().any(|n| n.starts_with("xl/")) {
        return Kind::Spreadsheet;
    }
    Kind::Other
}

/// `name` is `suffix` directly or inside one folder (archives re-zipped from an unzipped folder).
fn is_root(name: &str, suffix: &str) -> bool {
    let root = &name[..name.len() - suffix.len()];
    root.is_empty() || (root.ends_with('/') && root.matches('/').count() == 1)
}

/// One archive being read.
struct Reading<'a> {
    archive: &'a str,
    /// Index of the archive's own report.
    report: usize,
    directory: &'a Directory,
    /// Expanded bytes the archive may still produce.
    budget: u64,
}

impl<'a> Reading<'a> {
    fn run(&mut self, ingest: &mut Ingest, source: &mut dyn RandomAccess) {
        let kind = classify(&self.directory.entries);
        let chosen = match &kind {
            Kind::XArchive { root } => self.x_archive_members(ingest, source, root),
            Kind::Mastodon { root } => self.mastodon_members(ingest, root),
            Kind::Spreadsheet => {
                ingest.warn_file(
                    self.report,
                    "this is an Excel workbook (.xlsx, e.g. a NodeXL export), which attaché does not read; \
                     export its Edges sheet as CSV (or NodeXL's GraphML) and add that",
                );
                Vec::new()
            }
            Kind::Other => self.other_members(),
        };
        let count = chosen.len();
        for (done, entry) in chosen.into_iter().enumerate() {
            if ingest.budget_reached() {
                ingest.warn_file(
                    self.report,
                    format!(
                        "{} of the members to read were not read: the memory budget was reached",
                        count - done
                    ),
                );
                break;
            }
            self.read_member(ingest, source, entry);
        }
        let files = self.directory.entries.iter().filter(|e| !e.is_dir()).count() as u64;
        let unopened = files.saturating_sub(ingest.files[self.report].records);
        if unopened > 0 && kind != Kind::Spreadsheet {
            ingest.note_file(
                self.report,
                format!(
                    "{unopened} of the archive's {files} files were not opened: attaché reads only what the network \
                     needs (never media, direct messages or account e-mail and IP data)"
                ),
            );
        }
    }

    /// The members to read for an X archive, in order; the manifest is read here already.
    fn x_archive_members(
        &mut self,
        ingest: &mut Ingest,
        source: &mut dyn RandomAccess,
        root: &str,
    ) -> Vec<&'a Entry> {
        let manifest_name = format!("{root}data/manifest.js");
        let mut listed = None;
        if let Some(manifest) = self.find(&manifest_name) {
            if let Some(bytes) = self.read_whole(ingest, source, manifest, MAX_MANIFEST_BYTES) {
                match x_archive::manifest_data_files(&bytes) {
                    Ok(files) => listed = Some(files),
                    Err(why) => ingest.warn_file(
                        self.report,
                        format!("{manifest_name}: {why}; the data files are found by name instead"),
                    ),
                }
                self.feed_whole(ingest, manifest, &bytes);
            }
        }
        let mut chosen = Vec::new();
        match listed {
            Some(files) => {
                for file in files {
                    let name = format!("{root}{file}");
                    match self.find(&name) {
                        Some(entry) => chosen.push(entry),
                        None => ingest.warn_file(
                            self.report,
                            format!(
                                "the manifest lists {file}, which is not in the archive (a partial archive?)"
                            ),
                        ),
                    }
                }
            }
            None => {
                let data = format!("{root}data/");
                let mut ranked: Vec<(u8, &'a Entry)> = self
                    .directory
                    .entries
                    .iter()
                    .filter_map(|e| {
                        let file = e.name.strip_prefix(&data)?;
                        x_archive::data_file_rank(file).map(|rank| (rank, e))
                    })
                    .collect();
                ranked.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
                chosen.extend(ranked.into_iter().map(|(_, e)| e));
            }
        }
        chosen
    }

    fn mastodon_members(&self, ingest: &mut Ingest, root: &str) -> Vec<&'a Entry> {
        if self.find(&format!("{root}likes.json")).is_some() {
            ingest.note_file(
                self.report,
                "likes.json and bookmarks.json were not read: they hold only post addresses, and likes are not scored",
            );
        }
        ["actor.json", "outbox.json"]
            .iter()
            .filter_map(|name| self.find(&format!("{root}{name}")))
            .collect()
    }

    fn other_members(&self) -> Vec<&'a Entry> {
        self.directory
            .entries
            .iter()
            .filter(|e| !e.is_dir() && !is_junk(&e.name))
            .collect()
    }

    fn find(&self, name: &str) -> Option<&'a Entry> {
        self.directory.entries.iter().find(|e| e.name == name)
    }

    /// The member's name as a file of its own.
    fn member_path(&self, entry: &Entry) -> String {
        format!("{}/{}", self.archive, entry.name)
    }

    /// Streams one member through the ordinary pipeline as its own file.
    fn read_member(&mut self, ingest: &mut Ingest, source: &mut dyn RandomAccess, entry: &Entry) {
        if let Err(problem) = zip::check(entry, &ingest.zip_limits) {
            ingest.warn_file(self.report, format!("{} was not read: {problem}", entry.name));
            return;
        }
        self.files_read(ingest);
        ingest.begin_file(&self.member_path(entry));
        let limits = ingest.zip_limits;
        let (_, problem) = zip::stream_member(
            source,
            self.directory,
            entry,
            &limits,
            &mut self.budget,
            &mut |chunk| ingest.push(chunk),
        );
        if let Some(problem) = problem {
            ingest.warn_open(format!(
                "reading stopped: {problem}; what was read before is kept"
            ));
        }
        ingest.end_file();
    }

    /// Reads a small member into memory (the manifest), warning on the archive if it cannot.
    fn read_whole(
        &mut self,
        ingest: &mut Ingest,
        source: &mut dyn RandomAccess,
        entry: &Entry,
        limit: u64,
    ) -> Option<Vec<u8>> {
        if entry.uncompressed > limit {
            ingest.warn_file(
                self.report,
                format!(
                    "{} is larger than {} MiB and was not read",
                    entry.name,
                    limit >> 20
                ),
            );
            return None;
        }
        let mut bytes = Vec::new();
        let limits = ingest.zip_limits;
        let (_, problem) = zip::stream_member(
            source,
            self.directory,
            entry,
            &limits,
            &mut self.budget,
            &mut |chunk| bytes.extend_from_slice(chunk),
        );
        match problem {
            None => Some(bytes),
            Some(problem) => {
                ingest.warn_file(self.report, format!("{} was not read: {problem}", entry.name));
                None
            }
        }
    }

    /// Passes bytes already read to the pipeline as the member's file.
    fn feed_whole(&mut self, ingest: &mut Ingest, entry: &Entry, bytes: &[u8]) {
        self.files_read(ingest);
        ingest.begin_file(&self.member_path(entry));
        for chunk in bytes.chunks(SNIFF_BYTES) {
            ingest.push(chunk);
        }
        ingest.end_file();
    }

    /// Counts a member read as one record of the archive.
    fn files_read(&self, ingest: &mut Ingest) {
        ingest.files[self.report].records += 1;
    }
}

/// Folders' metadata and media that no reader wants.
fn is_junk(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    if name.starts_with("__MACOSX/") || file.starts_with('.') || file.is_empty() {
        return true;
    }
    let extension = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    extension.is_some_and(|e| SKIPPED_EXTENSIONS.contains(&e.as_str())) || is_documentation(file)
}

/// A README, licence or paper shipped beside the data: never a graph (a prose `.txt`
/// under another name is told apart by detection instead).
fn is_documentation(file: &str) -> bool {
    const NAMES: [&str; 7] = [
        "readme",
        "license",
        "licence",
        "copying",
        "notice",
        "authors",
        "changelog",
    ];
    const EXTENSIONS: [&str; 7] = ["md", "rst", "pdf", "doc", "docx", "rtf", "odt"];
    let lower = file.to_ascii_lowercase();
    let (stem, extension) = lower.rsplit_once('.').unwrap_or((&lower, ""));
    NAMES.contains(&stem) || EXTENSIONS.contains(&extension)
}

/// The bytes of a ZIP pushed in chunks, held until the file ends.
pub(in crate::ingest) struct ZipBuffer {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl ZipBuffer {
    pub(in crate::ingest) fn new() -> Self {
        ZipBuffer {
            bytes: Vec::new(),
            overflowed: false,
        }
    }

    pub(in crate::ingest) fn held_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    pub(in crate::ingest) fn push(&mut self, chunk: &[u8]) {
        if self.overflowed || self.bytes.len() + chunk.len() > MAX_PUSHED_ZIP_BYTES {
            self.overflowed = true;
            self.bytes = Vec::new();
        } else {
            self.bytes.extend_from_slice(chunk);
        }
    }
}

/// The reader of a pushed ZIP: the bytes go to its [`ZipBuffer`], nothing is read here.
pub(in crate::ingest) struct Buffered;

impl FormatReader for Buffered {
    fn feed(&mut self, _chunk: &[u8], _sink: &mut Sink) {}
    fn finish(&mut self, _sink: &mut Sink) {}
}

/// The reader of a ZIP found inside a ZIP: not opened (one level keeps bombs flat).
pub(in crate::ingest) struct NestedZip;

impl FormatReader for NestedZip {
    fn feed(&mut self, _chunk: &[u8], _sink: &mut Sink) {}

    fn finish(&mut self, sink: &mut Sink) {
        sink.warn(
            None,
            "a ZIP inside a ZIP is not opened; extract it and add it directly",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            name: name.to_owned(),
            method: 0,
            flags: 0,
            crc32: 0,
            compressed: 0,
            uncompressed: 0,
            local_offset: 0,
            overlaps: false,
        }
    }

    #[test]
    fn archives_are_recognised_by_their_members() {
        let kind = |names: &[&str]| classify(&names.iter().map(|n| entry(n)).collect::<Vec<_>>());
        assert_eq!(
            kind(&["Your archive.html", "data/manifest.js", "data/tweets.js"]),
            Kind::XArchive { root: String::new() }
        );
        assert_eq!(
            kind(&["twitter-2024/data/tweet.js"]),
            Kind::XArchive {
                root: "twitter-2024/".into()
            }
        );
        assert_eq!(kind(&["a/b/data/tweets.js"]), Kind::Other);
        assert_eq!(
            kind(&["outbox.json", "actor.json", "likes.json"]),
            Kind::Mastodon { root: String::new() }
        );
        assert_eq!(kind(&["outbox.json"]), Kind::Other);
        assert_eq!(
            kind(&["[Content_Types].xml", "xl/workbook.xml"]),
            Kind::Spreadsheet
        );
    }

    #[test]
    fn media_and_metadata_are_junk() {
        assert!(is_junk("__MACOSX/data/._tweets.js"));
        assert!(is_junk("data/tweets_media/1-abc.JPG"));
        assert!(is_junk("folder/.DS_Store"));
        assert!(!is_junk("edges.csv"));
        assert!(is_junk("data/README"));
        assert!(is_junk("LICENSE.txt"));
        assert!(is_junk("notes.md"));
        assert!(!is_junk("readme_edges.csv"));
    }
}
