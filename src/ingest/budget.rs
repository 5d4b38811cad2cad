//! The memory budget: ingest stops reading before it holds more than the caller allows.
//!
//! wasm32 has a 4 GiB address space and browsers often grant a tab less; a page that
//! runs out of memory loses everything. So the caller may set a budget
//! ([`Ingest::set_memory_budget`]; none by default, as natively the machine's memory is
//! the limit). Under a budget, the bytes of each file are fed to its reader in slices
//! that end at fixed offsets (every 1/64 of the budget, between 64 KiB and 1 MiB), and at
//! each of those offsets the estimate of what ingest holds ([`Ingest::estimated_bytes`]:
//! the network so far, as `network/memory.rs` estimates it, plus what readers hold) is
//! compared with the budget. Because the offsets do not depend on how the caller chunks
//! the file, the same files under the same budget stop at the same place.
//!
//! Once the estimate exceeds the budget, reading stops: the file's reader is dropped (the
//! record it was in the middle of is lost, everything it wrote before stays), a warning
//! says where reading stopped (file, line or byte offset, what was loaded) and what to do,
//! and every later file is reported as not read. The network then finishes normally.
//! The budget covers ingest only: building the metrics' snapshot afterwards takes about
//! 24 bytes per distinct actor → target pair more, so callers should leave headroom.

use super::{push_warning, Format, Ingest};
use crate::network::Kind;

/// Bounds on how often the estimate is checked (in bytes of input).
const MIN_CHECK_INTERVAL: u64 = 64 << 10;
const MAX_CHECK_INTERVAL: u64 = 1 << 20;

/// Bytes held per stored warning and file report, besides their text (an estimate).
const WARNING_BYTES: u64 = 256;
const FILE_REPORT_BYTES: u64 = 512;

impl Ingest {
    /// Sets the most memory ingest may hold, in bytes (`None`: no limit, the default).
    /// Reaching it stops reading with a warning and keeps what was read (see `budget.rs`).
    pub fn set_memory_budget(&mut self, bytes: Option<u64>) {
        self.memory_budget = bytes;
    }

    pub fn memory_budget(&self) -> Option<u64> {
        self.memory_budget
    }

    /// Whether the memory budget was reached (later files are not read).
    pub fn budget_reached(&self) -> bool {
        self.budget_reached_at.is_some()
    }

    /// Leaves out interactions of these kinds from now on, to save memory (accounts and
    /// posts are still read; each file's report notes how many were left out).
    pub fn leave_out_kinds(&mut self, kinds: &[Kind]) {
        self.network.leave_out_kinds(kinds);
    }

    /// An estimate of the heap memory ingest holds: the network read so far, what the
    /// open file's reader holds, the warnings and reports.
    pub fn estimated_bytes(&self) -> u64 {
        let open = self.open.as_ref().map_or(0, |file| {
            let reader = file.reader.as_ref().map_or(0, |r| r.held_bytes());
            let zip = file.zip.as_ref().map_or(0, |z| z.held_bytes());
            (file.head.capacity() + reader + zip) as u64
        });
        let warnings: u64 = self
            .warnings
            .iter()
            .map(|w| WARNING_BYTES + (w.file.len() + w.message.len()) as u64)
            .sum();
        self.network.estimated_bytes() + open + warnings + self.files.len() as u64 * FILE_REPORT_BYTES
    }

    /// Feeds `chunk` in slices that end at the check offsets, checking the estimate at each.
    pub(super) fn push_within_budget(&mut self, chunk: &[u8]) {
        let budget = self.memory_budget.unwrap_or(u64::MAX);
        let interval = (budget / 64).clamp(MIN_CHECK_INTERVAL, MAX_CHECK_INTERVAL);
        let mut rest = chunk;
        while let Some(file) = self.open.as_mut() {
            if file.stopped {
                file.report.bytes += rest.len() as u64;
                return;
            }
            if rest.is_empty() {
                return;
            }
            if file.next_check <= file.report.bytes {
                file.next_check = (file.report.bytes / interval + 1) * interval;
            }
            let until_check = file.next_check - file.report.bytes;
            let (now, later) =
                rest.split_at(rest.len().min(usize::try_from(until_check).unwrap_or(usize::MAX)));
            file.newlines += memchr::memchr_iter(b'\n', now).count() as u64;
            self.push_unchecked(now);
            rest = later;
            if self.open.as_ref().is_some_and(|f| f.report.bytes >= f.next_check) {
                self.stop_if_over_budget();
            }
        }
    }

    /// Stops reading the open file if the estimate exceeds the budget.
    fn stop_if_over_budget(&mut self) {
        let Some(budget) = self.memory_budget else { return };
        let estimate = self.estimated_bytes();
        if estimate <= budget {
            return;
        }
        let (accounts, interactions) = self.counts();
        let posts = self.network.post_count();
        let Some(file) = self.open.as_mut() else { return };
        file.stopped = true;
        file.reader = None;
        file.zip = None;
        file.head = Vec::new();
        let binary = matches!(file.report.format, Format::BlueskyCar | Format::Zip);
        let line = (!binary).then_some(file.newlines + 1);
        let place = match line {
            Some(line) => format!("line {line} (byte {})", file.report.bytes),
            None => format!("byte {}", file.report.bytes),
        };
        let message = format!(
            "reading stopped at {place}: the memory budget of {} is reached (about {} held: {accounts} \
             accounts, {interactions} interactions, {posts} posts). Everything read until here is kept and \
             analysed; the rest of this file and any later file are not read. To read more: leave out some \
             interaction kinds (mentions are often the most numerous), load fewer or smaller files, or use \
             the command-line tool `attache`, which is bounded only by the computer's memory",
            mebibytes(budget),
            mebibytes(estimate),
        );
        self.budget_reached_at = Some(format!("{} at {place}", file.report.path));
        push_warning(&mut file.report, &mut self.warnings, line, message);
    }

    /// Where the budget was reached, if it was (checking first whether the files read so
    /// far exceed it).
    pub(super) fn budget_reached_where(&mut self) -> Option<String> {
        if let (Some(budget), None) = (self.memory_budget, &self.budget_reached_at) {
            if self.estimated_bytes() > budget {
                let last = self.files.last().map_or("the files before", |f| f.path.as_str());
                self.budget_reached_at = Some(format!("after {last}"));
            }
        }
        self.budget_reached_at.clone()
    }

    /// A file begun once the budget is reached (or exceeded by the files before) is not read.
    pub(super) fn refuse_file_if_over_budget(&mut self) {
        let Some(reached) = self.budget_reached_where() else {
            return;
        };
        let Some(file) = self.open.as_mut() else { return };
        file.stopped = true;
        push_warning(&mut file.report, &mut self.warnings, None, not_read(&reached));
    }
}

/// Why a file (or an archive's member) was not read at all.
pub(super) fn not_read(reached: &str) -> String {
    format!(
        "not read: the memory budget was reached ({reached}); use the command-line tool `attache`, \
         or leave out some interaction kinds, to read more"
    )
}

fn mebibytes(bytes: u64) -> String {
    format!("{} MiB", bytes.div_ceil(1 << 20))
}
