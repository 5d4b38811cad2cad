//! CAR v1 (content-addressed archive) files and the DAG-CBOR blocks they carry: what a
//! Bluesky repository export is made of (formats.md §5.2).
//!
//! ```text
//! [varint header_len][DAG-CBOR {"version": 1, "roots": [CID]}]
//! repeat: [varint block_len][CID][block bytes]        block_len = len(CID) + len(bytes)
//! ```
//!
//! Hand-written rather than `serde_ipld_dagcbor` + `ipld-core` (+ `cid`, `multihash`,
//! `cbor4ii`), which formats.md §5.3 found to work on wasm32: the subset needed is small
//! (CIDv0/v1 in binary, the eight CBOR major types, tag 42 for links, definite lengths
//! only, as DAG-CBOR requires), a borrowed decoder ([`Cbor`] points into the file's bytes)
//! avoids copying every record, and every length is checked against the bytes left, so a
//! hostile file can neither panic the reader nor make it allocate more than its own size.
//! Nesting is capped at [`MAX_DEPTH`]. CIDs are compared as bytes and not re-hashed: a
//! corrupted block decodes wrongly or not at all, and is then skipped by the caller.
//!
//! Complexity: O(file) to index the blocks (a map from CID bytes to block bytes, both
//! borrowed); decoding a block is O(its size).

use std::collections::HashMap;

/// Deepest CBOR nesting decoded (records nest a handful of levels).
pub const MAX_DEPTH: usize = 64;

/// True when the bytes start like a CAR v1: a varint length, then a DAG-CBOR map of two
/// entries (`0xa2`) naming `roots` and `version`.
pub fn looks_like_car(head: &[u8]) -> bool {
    let Ok((header_len, at)) = varint(head, 0) else {
        return false;
    };
    if !(8..=4096).contains(&header_len) || head.get(at) != Some(&0xa2) {
        return false;
    }
    let header = &head[at..head.len().min(at + header_len as usize)];
    let has = |needle: &[u8]| header.windows(needle.len()).any(|w| w == needle);
    has(b"eroots") && has(b"gversion")
}

/// Reads an unsigned LEB128 varint at `at`; returns it and the position after it.
pub fn varint(bytes: &[u8], mut at: usize) -> Result<(u64, usize), String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(at).ok_or("the file ends inside a varint")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    Err("a varint is longer than 64 bits".into())
}

/// The blocks of a CAR, indexed by CID.
pub struct Car<'a> {
    pub roots: Vec<&'a [u8]>,
    pub blocks: HashMap<&'a [u8], &'a [u8]>,
    /// CIDs in file order (for a deterministic block scan).
    pub order: Vec<&'a [u8]>,
    /// Why the block list ended early, if it did (blocks before stay usable).
    pub truncated: Option<String>,
}

impl<'a> Car<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Car<'a>, String> {
        let (header_len, start) = varint(bytes, 0)?;
        let header = usize::try_from(header_len)
            .ok()
            .and_then(|len| bytes.get(start..start.checked_add(len)?))
            .ok_or("the CAR header runs past the end of the file")?;
        let header = decode(header).map_err(|e| format!("the CAR header is not DAG-CBOR ({e})"))?;
        if header.get("version").and_then(Cbor::as_u64) != Some(1) {
            return Err("only CAR version 1 is supported".into());
        }
        let roots = header
            .get("roots")
            .and_then(Cbor::as_array)
            .map(|roots| roots.iter().filter_map(Cbor::as_link).collect())
            .unwrap_or_default();
        let mut car = Car {
            roots,
            blocks: HashMap::new(),
            order: Vec::new(),
            truncated: None,
        };
        let mut at = start + header_len as usize;
        while at < bytes.len() {
            match block_at(bytes, at) {
                Ok((cid, data, next)) => {
                    if car.blocks.insert(cid, data).is_none() {
                        car.order.push(cid);
                    }
                    at = next;
                }
                Err(why) => {
                    car.truncated = Some(format!("{why} (at byte {at}, after {} blocks)", car.order.len()));
                    break;
                }
            }
        }
        Ok(car)
    }

    pub fn block(&self, cid: &[u8]) -> Option<&'a [u8]> {
        self.blocks.get(cid).copied()
    }
}

/// One `[varint len][CID][data]` section: the CID, the data and where the next one starts.
fn block_at(bytes: &[u8], at: usize) -> Result<(&[u8], &[u8], usize), String> {
    let (len, start) = varint(bytes, at)?;
    let end = usize::try_from(len)
        .ok()
        .and_then(|len| start.checked_add(len))
        .filter(|&end| end <= bytes.len())
        .ok_or("a block runs past the end of the file: the CAR is cut off")?;
    let section = &bytes[start..end];
    let cid_len = cid_length(section)?;
    Ok((&section[..cid_len], &section[cid_len..], end))
}

/// Length of the binary CID at the start of `bytes` (CIDv0: a bare sha2-256 multihash).
pub fn cid_length(bytes: &[u8]) -> Result<usize, String> {
    if bytes.starts_with(&[0x12, 0x20]) {
        return if bytes.len() >= 34 {
            Ok(34)
        } else {
            Err("a CID is cut off".into())
        };
    }
    let (version, at) = varint(bytes, 0)?;
    if version != 1 {
        return Err(format!("CID version {version} is not supported"));
    }
    let (_codec, at) = varint(bytes, at)?;
    let (_hash, at) = varint(bytes, at)?;
    let (digest_len, at) = varint(bytes, at)?;
    at.checked_add(digest_len as usize)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| "a CID is cut off".to_owned())
}

/// A CID in its usual text form: multibase base32 (`b…`) of the binary CID (`bafyrei…`).
pub fn cid_to_string(cid: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(1 + cid.len() * 8 / 5 + 1);
    out.push('b');
    let mut buffer = 0u32;
    let mut bits = 0;
    for &byte in cid {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// A decoded DAG-CBOR value, borrowing strings and bytes from the block.
#[derive(Debug, Clone, PartialEq)]
pub enum Cbor<'a> {
    Unsigned(u64),
    /// The value is `-1 - n`.
    Negative(u64),
    Bytes(&'a [u8]),
    Text(&'a str),
    Array(Vec<Cbor<'a>>),
    /// Entries in file order (DAG-CBOR keys are text and sorted by the writer).
    Map(Vec<(&'a str, Cbor<'a>)>),
    /// A CID (tag 42), binary, without the leading multibase `0x00`.
    Link(&'a [u8]),
    Bool(bool),
    Null,
    Float(f64),
}

impl<'a> Cbor<'a> {
    pub fn get(&self, key: &str) -> Option<&Cbor<'a>> {
        match self {
            Cbor::Map(entries) => entries.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            Cbor::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Cbor::Unsigned(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match self {
            Cbor::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    pub fn as_link(&self) -> Option<&'a [u8]> {
        match self {
            Cbor::Link(cid) => Some(cid),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Cbor<'a>]> {
        match self {
            Cbor::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A path of map keys: `value.path(&["reply", "parent", "uri"])`.
    pub fn path(&self, keys: &[&str]) -> Option<&Cbor<'a>> {
        keys.iter().try_fold(self, |value, key| value.get(key))
    }
}

/// Decodes one DAG-CBOR value from the start of `bytes` (trailing bytes are ignored).
pub fn decode(bytes: &[u8]) -> Result<Cbor<'_>, String> {
    let mut decoder = Decoder { bytes, at: 0 };
    decoder.value(0)
}

struct Decoder<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Decoder<'a> {
    fn byte(&mut self) -> Result<u8, String> {
        let byte = *self.bytes.get(self.at).ok_or("the block ends inside a value")?;
        self.at += 1;
        Ok(byte)
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], String> {
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| self.at.checked_add(len))
            .filter(|&end| end <= self.bytes.len())
            .ok_or("a string or byte string runs past the end of the block")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// The argument of a head byte: its low 5 bits, or the 1/2/4/8 bytes after it.
    fn argument(&mut self, info: u8) -> Result<u64, String> {
        let width = match info {
            0..=23 => return Ok(u64::from(info)),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            31 => return Err("indefinite lengths are not allowed in DAG-CBOR".into()),
            _ => return Err(format!("reserved additional information {info}")),
        };
        let bytes = self.take(width)?;
        Ok(bytes.iter().fold(0u64, |value, &b| (value << 8) | u64::from(b)))
    }

    /// How many items a container may hold: never more than the bytes left (each takes one).
    fn count(&self, declared: u64) -> Result<usize, String> {
        let left = (self.bytes.len() - self.at) as u64;
        if declared > left {
            return Err("a container declares more items than the block has bytes".into());
        }
        Ok(declared as usize)
    }

    fn value(&mut self, depth: usize) -> Result<Cbor<'a>, String> {
        if depth > MAX_DEPTH {
            return Err(format!("values nest deeper than {MAX_DEPTH} levels"));
        }
        let head = self.byte()?;
        let (major, info) = (head >> 5, head & 0x1f);
        if major == 7 {
            return self.simple(info);
        }
        let argument = self.argument(info)?;
        Ok(match major {
            0 => Cbor::Unsigned(argument),
            1 => Cbor::Negative(argument),
            2 => Cbor::Bytes(self.take(argument)?),
            3 => Cbor::Text(
                std::str::from_utf8(self.take(argument)?).map_err(|_| "a text string is not UTF-8")?,
            ),
            4 => {
                let count = self.count(argument)?;
                let mut items = Vec::with_capacity(count);
                for _ in 0..count {
                    items.push(self.value(depth + 1)?);
                }
                Cbor::Array(items)
            }
            5 => {
                let count = self.count(argument)?;
                let mut entries = Vec::with_capacity(count);
                for _ in 0..count {
                    let Cbor::Text(key) = self.value(depth + 1)? else {
                        return Err("a map key is not a text string".into());
                    };
                    entries.push((key, self.value(depth + 1)?));
                }
                Cbor::Map(entries)
            }
            6 if argument == 42 => match self.value(depth + 1)? {
                Cbor::Bytes([0, cid @ ..]) => Cbor::Link(cid),
                _ => return Err("tag 42 does not hold a CID".into()),
            },
            _ => return Err(format!("CBOR tag {argument} is not allowed in DAG-CBOR")),
        })
    }

    fn simple(&mut self, info: u8) -> Result<Cbor<'a>, String> {
        Ok(match info {
            20 => Cbor::Bool(false),
            21 => Cbor::Bool(true),
            22 | 23 => Cbor::Null,
            25 => {
                let bits = self.argument(25)? as u16;
                Cbor::Float(half_to_f64(bits))
            }
            26 => Cbor::Float(f64::from(f32::from_bits(self.argument(26)? as u32))),
            27 => Cbor::Float(f64::from_bits(self.argument(27)?)),
            _ => return Err(format!("simple value {info} is not allowed in DAG-CBOR")),
        })
    }
}

fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_dag_cbor_subset() {
        // {"a": [1, -2, h'00ff', "é"], "b": null, "c": 42(h'0001')}
        let bytes = [
            0xa3, 0x61, b'a', 0x84, 0x01, 0x21, 0x42, 0x00, 0xff, 0x62, 0xc3, 0xa9, 0x61, b'b', 0xf6, 0x61,
            b'c', 0xd8, 0x2a, 0x42, 0x00, 0x01,
        ];
        let value = decode(&bytes).unwrap();
        assert_eq!(
            value.get("a"),
            Some(&Cbor::Array(vec![
                Cbor::Unsigned(1),
                Cbor::Negative(1),
                Cbor::Bytes(&[0, 0xff]),
                Cbor::Text("é")
            ]))
        );
        assert_eq!(value.get("b"), Some(&Cbor::Null));
        assert_eq!(value.get("c").and_then(Cbor::as_link), Some(&[1u8][..]));
    }

    #[test]
    fn hostile_lengths_and_depths_are_errors() {
        // An array claiming 2^32 items in 5 bytes.
        assert!(decode(&[0x9a, 0xff, 0xff, 0xff, 0xff]).is_err());
        // A text string longer than the block.
        assert!(decode(&[0x78, 0x10, b'a']).is_err());
        // Nested arrays deeper than the cap.
        let deep = vec![0x81; MAX_DEPTH + 5];
        assert!(decode(&deep).unwrap_err().contains("nest"));
        // Indefinite length.
        assert!(decode(&[0x9f, 0xff]).is_err());
    }

    #[test]
    fn cids_print_as_base32() {
        // The empty-digest identity CID: version 1, dag-cbor, identity hash, length 0.
        assert_eq!(cid_to_string(&[0x01, 0x71, 0x00, 0x00]), "bafyqaaa");
        assert_eq!(cid_length(&[0x01, 0x71, 0x12, 0x02, 9, 9, 7]), Ok(6));
        assert!(cid_length(&[0x01, 0x71, 0x12, 0x20, 1]).is_err());
    }
}
