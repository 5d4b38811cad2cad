//! ZIP containers, read the way the format is meant to be read: central directory first,
//! then only the members asked for, each inflated in bounded chunks.
//!
//! A ZIP ends with an *end of central directory* record (EOCD, ZIP64 for archives over
//! 4 GiB or 65,535 members) that locates the *central directory*: one entry per member
//! with its name, method, CRC-32, sizes and the offset of its *local header*, after which
//! its compressed bytes lie. Reading needs random access ([`RandomAccess`]), which is why
//! a ZIP cannot go through the push-chunk API; [`crate::ingest::containers::archive`] decides which members
//! to read and feeds their bytes to the ordinary per-format readers.
//!
//! Methods: stored (0) and deflate (8), inflated with `miniz_oxide`'s streaming
//! decompressor (pure Rust, builds for wasm32); CRC-32 by `crc32fast`. Refused, with a
//! [`MemberProblem`] the caller turns into a warning: encrypted members, other methods,
//! members whose declared or actual expansion exceeds [`ZipLimits`] (zip bombs: an
//! absolute size, a total over the archive, and a compression ratio beyond the first
//! mebibyte, 100:1 by default as Apache POI's `ZipSecureFile` does), members whose data
//! overlaps another's or the directory (the overlapping-file bomb), local headers that
//! disagree with the directory, and truncated or corrupt deflate streams. A CRC mismatch
//! is reported after the fact: the bytes were already read and stay read.
//!
//! Complexity: O(directory) memory for the entry list plus O(1) buffers per member
//! (64 KiB in, 64 KiB out, miniz's 32 KiB window); O(compressed + expanded) time for the
//! members read. Members not asked for are never touched.

use std::fmt;

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

use crate::ingest::RandomAccess;

/// Bounds that keep a hostile or broken archive from exhausting memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Directory entries listed; further ones are ignored with a warning.
    pub max_members: usize,
    /// Size of the central directory read into memory.
    pub max_directory_bytes: u64,
    /// Expanded size of one member.
    pub max_member_bytes: u64,
    /// Expanded size of all the members read from one archive.
    pub max_total_bytes: u64,
    /// Expansion ratio (expanded : compressed) allowed beyond [`Self::ratio_grace_bytes`].
    pub max_ratio: u64,
    /// Expanded bytes a member may produce before the ratio applies (tiny members compress absurdly well).
    pub ratio_grace_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_members: 100_000,
            max_directory_bytes: 64 << 20,
            max_member_bytes: 4 << 30,
            max_total_bytes: 16 << 30,
            max_ratio: 100,
            ratio_grace_bytes: 1 << 20,
        }
    }
}

/// One member as the central directory describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub method: u16,
    pub flags: u16,
    pub crc32: u32,
    pub compressed: u64,
    pub uncompressed: u64,
    pub local_offset: u64,
    /// Its data range overlaps another member's or the directory.
    pub overlaps: bool,
}

impl Entry {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/')
    }

    fn encrypted(&self) -> bool {
        self.flags & 1 != 0
    }
}

/// The listed members and what was odd about the directory.
#[derive(Debug)]
pub struct Directory {
    pub entries: Vec<Entry>,
    /// Where the central directory starts: member data must end before it.
    pub start: u64,
    pub warnings: Vec<String>,
}

/// Why a member was not read, or not read completely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberProblem {
    Encrypted,
    Method(u16),
    /// Declared or actual expanded size beyond the per-member limit.
    TooLarge {
        limit: u64,
    },
    /// The archive's total expanded size limit was reached.
    TotalTooLarge {
        limit: u64,
    },
    /// Declared or actual expansion ratio beyond the limit.
    Ratio {
        compressed: u64,
        expanded: u64,
        limit: u64,
    },
    /// Expanded beyond the size the directory declares.
    LongerThanDeclared {
        declared: u64,
    },
    Overlap,
    BadLocalHeader(String),
    Corrupt(String),
    Crc {
        expected: u32,
        actual: u32,
    },
    Read(String),
}

impl fmt::Display for MemberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemberProblem::Encrypted => write!(f, "it is encrypted (password-protected); attaché cannot read it"),
            MemberProblem::Method(method) => write!(
                f,
                "it is compressed with method {method} ({}); only stored and deflate are supported",
                method_name(*method)
            ),
            MemberProblem::TooLarge { limit } => {
                write!(f, "it expands beyond {} MiB, the limit for one member", limit >> 20)
            }
            MemberProblem::TotalTooLarge { limit } => write!(
                f,
                "the archive's members expand beyond {} MiB in all, the limit for one archive",
                limit >> 20
            ),
            MemberProblem::Ratio { compressed, expanded, limit } => write!(
                f,
                "it expands {expanded} bytes out of {compressed}, more than {limit} times: refused as a possible zip bomb"
            ),
            MemberProblem::LongerThanDeclared { declared } => write!(
                f,
                "it expands beyond the {declared} bytes the directory declares: refused as a possible zip bomb"
            ),
            MemberProblem::Overlap => write!(
                f,
                "its data overlaps another member or the directory: refused as a possible zip bomb"
            ),
            MemberProblem::BadLocalHeader(why) => write!(f, "its local header is invalid ({why})"),
            MemberProblem::Corrupt(why) => write!(f, "its compressed data is corrupt ({why})"),
            MemberProblem::Crc { expected, actual } => write!(
                f,
                "its CRC-32 is {actual:08x}, not the {expected:08x} the directory declares: the member is damaged"
            ),
            MemberProblem::Read(why) => write!(f, "it could not be read ({why})"),
        }
    }
}

fn method_name(method: u16) -> &'static str {
    match method {
        1..=6 => "shrink/reduce/implode",
        9 => "deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "xz",
        99 => "AES encryption",
        _ => "unknown",
    }
}

const EOCD_SIGNATURE: &[u8; 4] = b"PK\x05\x06";
const ZIP64_LOCATOR_SIGNATURE: &[u8; 4] = b"PK\x06\x07";
const ZIP64_EOCD_SIGNATURE: &[u8; 4] = b"PK\x06\x06";
const CENTRAL_SIGNATURE: &[u8; 4] = b"PK\x01\x02";
const LOCAL_SIGNATURE: &[u8; 4] = b"PK\x03\x04";
const EOCD_LEN: u64 = 22;
const LOCAL_HEADER_LEN: u64 = 30;
const CENTRAL_HEADER_LEN: usize = 46;
const MAX_COMMENT: u64 = 65_535;
const CHUNK: usize = 64 * 1024;

/// Little-endian fields of a byte slice, never panicking: a short slice reads as zeros
/// only after the caller has checked lengths, so out-of-range reads are bugs, not input.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn u16(&self, at: usize) -> u16 {
        match self.0.get(at..at + 2) {
            Some(b) => u16::from_le_bytes([b[0], b[1]]),
            None => 0,
        }
    }

    fn u32(&self, at: usize) -> u32 {
        match self.0.get(at..at + 4) {
            Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            None => 0,
        }
    }

    fn u64(&self, at: usize) -> u64 {
        match self.0.get(at..at + 8) {
            Some(b) => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
            None => 0,
        }
    }
}

fn read_vec(source: &mut dyn RandomAccess, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    let end = offset.checked_add(len).ok_or("offset overflow")?;
    if end > source.len() {
        return Err(format!(
            "bytes {offset}..{end} lie past the end of the file ({} bytes): is it truncated?",
            source.len()
        ));
    }
    let mut buffer = vec![0u8; len as usize];
    source.read_at(offset, &mut buffer)?;
    Ok(buffer)
}

/// Lists the members. `Err` when the file is not a readable ZIP (truncated, split, or not a ZIP at all).
pub fn read_directory(source: &mut dyn RandomAccess, limits: &ZipLimits) -> Result<Directory, String> {
    let len = source.len();
    if len < EOCD_LEN {
        return Err("the file is too short to be a ZIP archive".into());
    }
    let tail_len = len.min(EOCD_LEN + MAX_COMMENT);
    let tail_start = len - tail_len;
    let tail = read_vec(source, tail_start, tail_len)?;
    let eocd_at = find_eocd(&tail).ok_or(
        "the ZIP's end-of-central-directory record is missing: the file is truncated (an interrupted download?) or not a ZIP",
    )?;
    let eocd = Fields(&tail[eocd_at..]);
    let eocd_offset = tail_start + eocd_at as u64;
    if eocd.u16(4) != 0 || eocd.u16(6) != 0 {
        return Err("the archive is split over several files (a spanned ZIP); join it into one first".into());
    }
    let mut count = u64::from(eocd.u16(10));
    let mut size = u64::from(eocd.u32(12));
    let mut offset = u64::from(eocd.u32(16));
    let mut directory_end = eocd_offset;
    if let Some((zip64_offset, zip64)) = read_zip64(source, &tail, eocd_at, tail_start)? {
        count = zip64.0;
        size = zip64.1;
        offset = zip64.2;
        directory_end = zip64_offset;
    }
    let end = offset
        .checked_add(size)
        .ok_or("the central directory's offset is invalid")?;
    if end > directory_end {
        return Err(format!(
            "the central directory ({size} bytes at {offset}) runs past where it should end ({directory_end}): the archive is damaged"
        ));
    }
    let mut warnings = Vec::new();
    if size > limits.max_directory_bytes {
        return Err(format!(
            "the central directory is {} MiB, beyond the {} MiB limit",
            size >> 20,
            limits.max_directory_bytes >> 20
        ));
    }
    let directory = read_vec(source, offset, size)?;
    let entries = parse_entries(&directory, count, limits, &mut warnings);
    let mut listing = Directory {
        entries,
        start: offset,
        warnings,
    };
    mark_overlaps(&mut listing);
    Ok(listing)
}

/// The last EOCD signature whose comment length fits the file.
fn find_eocd(tail: &[u8]) -> Option<usize> {
    let last = tail.len().checked_sub(EOCD_LEN as usize)?;
    (0..=last).rev().find(|&at| {
        tail[at..].starts_with(EOCD_SIGNATURE)
            && at + EOCD_LEN as usize + usize::from(Fields(&tail[at..]).u16(20)) <= tail.len()
    })
}

/// ZIP64 `(count, size, offset)` of the directory, and where the ZIP64 record starts.
#[allow(clippy::type_complexity)]
fn read_zip64(
    source: &mut dyn RandomAccess,
    tail: &[u8],
    eocd_at: usize,
    tail_start: u64,
) -> Result<Option<(u64, (u64, u64, u64))>, String> {
    let Some(locator_at) = eocd_at.checked_sub(20) else {
        return Ok(None);
    };
    if !tail[locator_at..].starts_with(ZIP64_LOCATOR_SIGNATURE) {
        return Ok(None);
    }
    let locator = Fields(&tail[locator_at..]);
    let record_offset = locator.u64(8);
    if record_offset >= tail_start + locator_at as u64 {
        return Err("the ZIP64 end-of-central-directory locator points past itself".into());
    }
    let record = read_vec(source, record_offset, 56)?;
    if !record.starts_with(ZIP64_EOCD_SIGNATURE) {
        return Err("the ZIP64 end-of-central-directory record is missing".into());
    }
    let record = Fields(&record);
    Ok(Some((
        record_offset,
        (record.u64(32), record.u64(40), record.u64(48)),
    )))
}

fn parse_entries(
    directory: &[u8],
    declared: u64,
    limits: &ZipLimits,
    warnings: &mut Vec<String>,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut at = 0usize;
    while at < directory.len() {
        if entries.len() >= limits.max_members {
            warnings.push(format!(
                "the archive lists more than {} members; only the first {} were considered",
                limits.max_members, limits.max_members
            ));
            break;
        }
        let header = &directory[at..];
        if header.len() < CENTRAL_HEADER_LEN || !header.starts_with(CENTRAL_SIGNATURE) {
            warnings.push(format!(
                "the central directory is damaged after {} entries; the rest is ignored",
                entries.len()
            ));
            break;
        }
        let fields = Fields(header);
        let name_len = usize::from(fields.u16(28));
        let extra_len = usize::from(fields.u16(30));
        let comment_len = usize::from(fields.u16(32));
        let total = CENTRAL_HEADER_LEN + name_len + extra_len + comment_len;
        let (Some(name), Some(extra)) = (
            header.get(CENTRAL_HEADER_LEN..CENTRAL_HEADER_LEN + name_len),
            header.get(CENTRAL_HEADER_LEN + name_len..CENTRAL_HEADER_LEN + name_len + extra_len),
        ) else {
            warnings.push(format!(
                "the central directory is cut short after {} entries; the rest is ignored",
                entries.len()
            ));
            break;
        };
        let mut entry = Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method: fields.u16(10),
            flags: fields.u16(8),
            crc32: fields.u32(16),
            compressed: u64::from(fields.u32(20)),
            uncompressed: u64::from(fields.u32(24)),
            local_offset: u64::from(fields.u32(42)),
            overlaps: false,
        };
        apply_zip64_extra(&mut entry, extra);
        entries.push(entry);
        at += total;
    }
    if (entries.len() as u64) < declared.min(limits.max_members as u64) && warnings.is_empty() {
        warnings.push(format!(
            "the archive declares {declared} members but its directory lists {}",
            entries.len()
        ));
    }
    entries
}

/// Fills the sizes and offset a ZIP64 extra field (id 1) carries in place of `0xFFFFFFFF`.
fn apply_zip64_extra(entry: &mut Entry, mut extra: &[u8]) {
    while extra.len() >= 4 {
        let fields = Fields(extra);
        let id = fields.u16(0);
        let len = usize::from(fields.u16(2));
        let Some(data) = extra.get(4..4 + len) else {
            return;
        };
        if id == 1 {
            let data = Fields(data);
            let mut at = 0;
            let mut take = |value: &mut u64| {
                if *value == u64::from(u32::MAX) && at + 8 <= len {
                    *value = data.u64(at);
                    at += 8;
                }
            };
            take(&mut entry.uncompressed);
            take(&mut entry.compressed);
            take(&mut entry.local_offset);
            return;
        }
        extra = &extra[4 + len..];
    }
}

/// Marks members whose data, as the directory places it, overlaps another member (both
/// are marked) or the directory. (The data starts at least 30 header bytes after the local offset.)
fn mark_overlaps(listing: &mut Directory) {
    let mut order: Vec<usize> = (0..listing.entries.len()).collect();
    order.sort_by_key(|&i| (listing.entries[i].local_offset, i));
    for (position, &index) in order.iter().enumerate() {
        let entry = &listing.entries[index];
        let end = entry
            .local_offset
            .saturating_add(LOCAL_HEADER_LEN)
            .saturating_add(entry.compressed);
        if end > listing.start {
            listing.entries[index].overlaps = true;
        }
        if let Some(&next) = order.get(position + 1) {
            if end > listing.entries[next].local_offset {
                listing.entries[index].overlaps = true;
                listing.entries[next].overlaps = true;
            }
        }
    }
}

/// What can be said against a member before reading it.
pub fn check(entry: &Entry, limits: &ZipLimits) -> Result<(), MemberProblem> {
    if entry.encrypted() {
        return Err(MemberProblem::Encrypted);
    }
    if entry.method != 0 && entry.method != 8 {
        return Err(MemberProblem::Method(entry.method));
    }
    if entry.overlaps {
        return Err(MemberProblem::Overlap);
    }
    if entry.uncompressed > limits.max_member_bytes {
        return Err(MemberProblem::TooLarge {
            limit: limits.max_member_bytes,
        });
    }
    if exceeds_ratio(entry.uncompressed, entry.compressed, limits) {
        return Err(MemberProblem::Ratio {
            compressed: entry.compressed,
            expanded: entry.uncompressed,
            limit: limits.max_ratio,
        });
    }
    Ok(())
}

fn exceeds_ratio(expanded: u64, compressed: u64, limits: &ZipLimits) -> bool {
    expanded > limits.ratio_grace_bytes && expanded / compressed.max(1) > limits.max_ratio
}

/// Reads a member, calling `on_chunk` with its expanded bytes in order. `budget` is what
/// the archive may still expand in all; it is decreased. Returns the bytes produced and
/// the problem that stopped or spoiled the read, if any: bytes already passed on stay passed.
pub fn stream_member(
    source: &mut dyn RandomAccess,
    directory: &Directory,
    entry: &Entry,
    limits: &ZipLimits,
    budget: &mut u64,
    on_chunk: &mut dyn FnMut(&[u8]),
) -> (u64, Option<MemberProblem>) {
    if let Err(problem) = check(entry, limits) {
        return (0, Some(problem));
    }
    let data_start = match locate_data(source, directory, entry) {
        Ok(start) => start,
        Err(problem) => return (0, Some(problem)),
    };
    let mut expander = Expander::new(entry, limits, *budget);
    let mut input = vec![0u8; CHUNK];
    let mut read = 0u64;
    let mut problem = None;
    while read < entry.compressed {
        let want = (entry.compressed - read).min(CHUNK as u64) as usize;
        if let Err(error) = source.read_at(data_start + read, &mut input[..want]) {
            problem = Some(MemberProblem::Read(error));
            break;
        }
        read += want as u64;
        if let Err(found) = expander.feed(&input[..want], read == entry.compressed, on_chunk) {
            problem = Some(found);
            break;
        }
        if expander.done {
            break;
        }
    }
    *budget = budget.saturating_sub(expander.produced);
    if problem.is_none() {
        problem = expander.verify();
    }
    (expander.produced, problem)
}

/// Checks the local header against the directory and returns where the data starts.
fn locate_data(
    source: &mut dyn RandomAccess,
    directory: &Directory,
    entry: &Entry,
) -> Result<u64, MemberProblem> {
    let header =
        read_vec(source, entry.local_offset, LOCAL_HEADER_LEN).map_err(MemberProblem::BadLocalHeader)?;
    if !header.starts_with(LOCAL_SIGNATURE) {
        return Err(MemberProblem::BadLocalHeader(format!(
            "no local header signature at offset {}",
            entry.local_offset
        )));
    }
    let fields = Fields(&header);
    if fields.u16(6) & 1 != 0 {
        return Err(MemberProblem::Encrypted);
    }
    let start = entry.local_offset + LOCAL_HEADER_LEN + u64::from(fields.u16(26)) + u64::from(fields.u16(28));
    match start.checked_add(entry.compressed) {
        Some(end) if end <= directory.start => Ok(start),
        _ => Err(MemberProblem::Overlap),
    }
}

/// Turns compressed input into output, enforcing the limits as it goes.
struct Expander {
    inflater: Option<Box<InflateState>>,
    output: Vec<u8>,
    crc: crc32fast::Hasher,
    produced: u64,
    compressed: u64,
    declared: u64,
    expected_crc: u32,
    limits: ZipLimits,
    budget: u64,
    done: bool,
}

impl Expander {
    fn new(entry: &Entry, limits: &ZipLimits, budget: u64) -> Self {
        Expander {
            inflater: (entry.method == 8).then(|| InflateState::new_boxed(DataFormat::Raw)),
            output: vec![0u8; CHUNK],
            crc: crc32fast::Hasher::new(),
            produced: 0,
            compressed: entry.compressed,
            declared: entry.uncompressed,
            expected_crc: entry.crc32,
            limits: *limits,
            budget,
            done: false,
        }
    }

    fn feed(
        &mut self,
        input: &[u8],
        last: bool,
        on_chunk: &mut dyn FnMut(&[u8]),
    ) -> Result<(), MemberProblem> {
        let Some(mut inflater) = self.inflater.take() else {
            self.produced += input.len() as u64;
            self.enforce()?;
            self.crc.update(input);
            on_chunk(input);
            self.done = last;
            return Ok(());
        };
        let result = self.inflate(&mut inflater, input, last, on_chunk);
        self.inflater = Some(inflater);
        result
    }

    fn inflate(
        &mut self,
        inflater: &mut InflateState,
        mut input: &[u8],
        last: bool,
        on_chunk: &mut dyn FnMut(&[u8]),
    ) -> Result<(), MemberProblem> {
        loop {
            let result = inflate(inflater, input, &mut self.output, MZFlush::None);
            input = &input[result.bytes_consumed..];
            let written = result.bytes_written;
            if written > 0 {
                self.produced += written as u64;
                self.enforce()?;
                self.crc.update(&self.output[..written]);
                on_chunk(&self.output[..written]);
            }
            match result.status {
                Ok(MZStatus::StreamEnd) => {
                    self.done = true;
                    return Ok(());
                }
                Ok(_) | Err(MZError::Buf) => {
                    if input.is_empty() && written < self.output.len() {
                        if last {
                            return Err(MemberProblem::Corrupt(
                                "the deflate stream ends before its end marker".into(),
                            ));
                        }
                        return Ok(());
                    }
                    if result.bytes_consumed == 0 && written == 0 {
                        return Err(MemberProblem::Corrupt(
                            "the deflate stream makes no progress".into(),
                        ));
                    }
                }
                Err(error) => return Err(MemberProblem::Corrupt(format!("inflate failed: {error:?}"))),
            }
        }
    }

    fn enforce(&self) -> Result<(), MemberProblem> {
        if self.produced > self.limits.max_member_bytes {
            return Err(MemberProblem::TooLarge {
                limit: self.limits.max_member_bytes,
            });
        }
        if self.produced > self.budget {
            return Err(MemberProblem::TotalTooLarge {
                limit: self.limits.max_total_bytes,
            });
        }
        if self.produced > self.declared {
            return Err(MemberProblem::LongerThanDeclared {
                declared: self.declared,
            });
        }
        if exceeds_ratio(self.produced, self.compressed, &self.limits) {
            return Err(MemberProblem::Ratio {
                compressed: self.compressed,
                expanded: self.produced,
                limit: self.limits.max_ratio,
            });
        }
        Ok(())
    }

    fn verify(&self) -> Option<MemberProblem> {
        if self.inflater.is_some() && !self.done {
            return Some(MemberProblem::Corrupt(
                "the deflate stream ends before its end marker".into(),
            ));
        }
        let actual = self.crc.clone().finalize();
        if actual != self.expected_crc {
            return Some(MemberProblem::Crc {
                expected: self.expected_crc,
                actual,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored-only archive built by hand: (name, data).
    fn stored_zip(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in members {
            let offset = out.len() as u32;
            let crc = crc32fast::hash(data);
            let header = |sig: &[u8; 4], central_part: bool| {
                let mut h = Vec::new();
                h.extend_from_slice(sig);
                if central_part {
                    h.extend_from_slice(&20u16.to_le_bytes());
                }
                h.extend_from_slice(&20u16.to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes()); // flags
                h.extend_from_slice(&0u16.to_le_bytes()); // method
                h.extend_from_slice(&[0; 4]); // time, date
                h.extend_from_slice(&crc.to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&0u16.to_le_bytes());
                if central_part {
                    h.extend_from_slice(&[0; 6]); // comment len, disk, internal attrs
                    h.extend_from_slice(&[0; 4]); // external attrs
                    h.extend_from_slice(&offset.to_le_bytes());
                }
                h.extend_from_slice(name.as_bytes());
                h
            };
            out.extend(header(LOCAL_SIGNATURE, false));
            out.extend_from_slice(data);
            central.extend(header(CENTRAL_SIGNATURE, true));
        }
        let start = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(EOCD_SIGNATURE);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(members.len() as u16).to_le_bytes());
        out.extend_from_slice(&(members.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn read_all(bytes: &[u8], name: &str) -> (Vec<u8>, Option<MemberProblem>) {
        let mut source = bytes;
        let limits = ZipLimits::default();
        let directory = read_directory(&mut source, &limits).unwrap();
        let entry = directory.entries.iter().find(|e| e.name == name).unwrap().clone();
        let mut out = Vec::new();
        let mut budget = limits.max_total_bytes;
        let (_, problem) = stream_member(
            &mut source,
            &directory,
            &entry,
            &limits,
            &mut budget,
            &mut |chunk| out.extend_from_slice(chunk),
        );
        (out, problem)
    }

    #[test]
    fn stored_members_read_back() {
        let zip = stored_zip(&[("a.txt", b"hello"), ("dir/", b""), ("b.csv", b"x,y\n")]);
        assert_eq!(read_all(&zip, "b.csv"), (b"x,y\n".to_vec(), None));
        assert_eq!(read_all(&zip, "a.txt").0, b"hello");
    }

    #[test]
    fn a_damaged_byte_fails_the_crc() {
        let mut zip = stored_zip(&[("a.txt", b"hello")]);
        zip[30 + 5] = b'j';
        let (data, problem) = read_all(&zip, "a.txt");
        assert_eq!(data, b"jello");
        assert!(matches!(problem, Some(MemberProblem::Crc { .. })));
    }

    #[test]
    fn truncated_or_foreign_files_are_not_archives() {
        let zip = stored_zip(&[("a.txt", b"hello")]);
        let mut cut = &zip[..zip.len() - 10];
        let error = read_directory(&mut cut, &ZipLimits::default()).unwrap_err();
        assert!(error.contains("truncated"), "{error}");
        let mut text: &[u8] = b"source,target\na,b\nb,c\nc,d\n";
        assert!(read_directory(&mut text, &ZipLimits::default()).is_err());
    }

    #[test]
    fn deflated_members_inflate_in_chunks() {
        // Text-like data (a small alphabet, no long repeats): compresses about 2:1, like real files.
        let mut state = 12345u32;
        let data: Vec<u8> = (0..1_200_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                b'a' + ((state >> 16) % 16) as u8
            })
            .collect();
        let compressed = miniz_oxide::deflate::compress_to_vec(&data, 6);
        let mut zip = stored_zip(&[("big.bin", &compressed)]);
        // Turn the stored member into a deflated one: method 8, real sizes and CRC.
        let central = zip.len() - 22 - (46 + 7);
        for at in [8usize, central + 10] {
            zip[at..at + 2].copy_from_slice(&8u16.to_le_bytes());
        }
        let crc = crc32fast::hash(&data).to_le_bytes();
        let size = (data.len() as u32).to_le_bytes();
        for (at, bytes) in [(14, crc), (22, size), (central + 16, crc), (central + 24, size)] {
            zip[at..at + 4].copy_from_slice(&bytes);
        }
        let (out, problem) = read_all(&zip, "big.bin");
        assert_eq!(problem, None);
        assert!(out == data);
    }
}
