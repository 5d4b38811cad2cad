//! Timestamps as the exports write them, read into seconds since the Unix epoch (UTC).

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::network::Timestamp;

/// Reads the timestamp shapes found in real exports:
/// ISO 8601 / RFC 3339 (`2021-05-18T19:24:56.000Z`, `2023-04-26T00:08:50-07:00`),
/// Twitter v1.1 and archive (`Fri Feb 20 09:10:58 +0000 2026`), Grailbird
/// (`2015-08-22 22:45:29 +0000`), naive date-times and dates (taken as UTC), and Unix
/// epoch numbers in seconds or milliseconds.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(epoch) = parse_epoch(text) {
        return Some(epoch);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.timestamp());
    }
    const WITH_OFFSET: [&str; 3] = [
        "%a %b %d %H:%M:%S %z %Y",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ];
    for format in WITH_OFFSET {
        if let Ok(time) = DateTime::parse_from_str(text, format) {
            return Some(time.timestamp());
        }
    }
    const NAIVE: [&str; 3] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"];
    for format in NAIVE {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Some(time.and_utc().timestamp());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc().timestamp())
}

/// Whole numbers of at least 9 digits are epoch seconds; of 12 or more, milliseconds.
/// Shorter numbers (a year, a Gephi time index) are not taken as dates.
fn parse_epoch(text: &str) -> Option<Timestamp> {
    if text.len() < 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    Some(if text.len() >= 12 { value / 1000 } else { value })
}

/// Formats seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_timestamp(time: Timestamp) -> String {
    DateTime::from_timestamp(time, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| time.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_shapes_agree_on_one_instant() {
        let expected = Some(1_621_365_896); // 2021-05-18T19:24:56Z
        assert_eq!(parse_timestamp("2021-05-18T19:24:56.000Z"), expected);
        assert_eq!(parse_timestamp("Tue May 18 19:24:56 +0000 2021"), expected);
        assert_eq!(parse_timestamp("2021-05-18 19:24:56 +0000"), expected);
        assert_eq!(parse_timestamp("2021-05-18T12:24:56-07:00"), expected);
        assert_eq!(parse_timestamp("2021-05-18 19:24:56"), expected);
        assert_eq!(parse_timestamp("1621365896"), expected);
        assert_eq!(parse_timestamp("1621365896000"), expected);
        assert_eq!(parse_timestamp("2021-05-18"), Some(1_621_296_000));
        assert_eq!(format_timestamp(1_621_365_896), "2021-05-18T19:24:56Z");
    }

    #[test]
    fn non_dates_are_not_dates() {
        assert_eq!(parse_timestamp("2009"), None);
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp(""), None);
    }
}
