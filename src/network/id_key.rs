//! The key of the builder's id → account table: an id of up to [`INLINE`] bytes (a
//! Twitter id has 19 digits, a handle at most 15 characters) is kept inside the table's
//! slot, so that a probe compares bytes it has already loaded instead of following a
//! pointer to a heap string. At a million accounts those pointer chases were a third of
//! the time of reading a CSV edge list (cache misses, bench/ANALYSIS.md). Longer ids live
//! on the heap. Hashing and equality are those of the id's bytes, so the table is looked
//! up with `id.as_bytes()` (no UTF-8 check on a probe).

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

/// Bytes kept inline.
const INLINE: usize = 22;

#[derive(Clone, Debug)]
pub(crate) enum IdKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl IdKey {
    pub(crate) fn new(id: &str) -> IdKey {
        if id.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..id.len()].copy_from_slice(id.as_bytes());
            IdKey::Inline {
                len: id.len() as u8,
                bytes,
            }
        } else {
            IdKey::Heap(id.into())
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            IdKey::Inline { len, bytes } => &bytes[..*len as usize],
            IdKey::Heap(id) => id.as_bytes(),
        }
    }
}

impl Borrow<[u8]> for IdKey {
    fn borrow(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Hash for IdKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
    }
}

impl PartialEq for IdKey {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for IdKey {}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn short_and_long_ids_are_found_by_their_text() {
        let long = "x".repeat(INLINE + 1);
        let ids = [
            "",
            "1300000526244578729",
            "ünïcode",
            &long,
            "a".repeat(INLINE).leak(),
        ];
        let mut table: FxHashMap<IdKey, usize> = FxHashMap::default();
        for (i, id) in ids.iter().enumerate() {
            table.insert(IdKey::new(id), i);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.get(id.as_bytes()), Some(&i), "{id}");
            assert_eq!(IdKey::new(id).as_bytes(), id.as_bytes());
        }
        assert!(matches!(IdKey::new(&long), IdKey::Heap(_)));
        assert_eq!(table.get("13000005262445787290".as_bytes()), None);
    }
}
