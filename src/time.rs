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
    if let Some(time) = parse_iso_fast(text) {
        return Some(time);
    }
    parse_with_chrono(text)
}

/// The general path: chrono, trying each shape in turn.
fn parse_with_chrono(text: &str) -> Option<Timestamp> {
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

/// The commonest shape, `YYYY-MM-DD[T ]HH:MM:SS[.fraction][Z|±HH:MM]` (an offset only
/// after `T`), read by hand: chrono tries up to seven formats in turn, which made
/// timestamps a quarter of the time of reading a CSV edge list. Anything else, or any
/// field out of range (a leap second, 24:00), returns `None` and goes to chrono; where
/// both read a string they agree (tested against chrono on generated strings).
fn parse_iso_fast(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let separator = b[10];
    if separator != b'T' && separator != b' ' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        b[range].iter().try_fold(0i64, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 || count > 9 {
            return None;
        }
        rest = &fraction[count..];
    }
    let offset = match rest {
        [] => 0,
        [b'Z'] if separator == b'T' => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] if separator == b'T' => {
            let two = |a: u8, b: u8| -> Option<i64> {
                (a.is_ascii_digit() && b.is_ascii_digit()).then(|| i64::from((a - b'0') * 10 + (b - b'0')))
            };
            let (hours, minutes) = (two(*h1, *h2)?, two(*m1, *m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'+' {
                seconds
            } else {
                -seconds
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
    fn the_fast_iso_reader_agrees_with_chrono() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let pick = |rng: &mut rand_chacha::ChaCha8Rng, options: &[&str]| {
            options[rng.gen_range(0..options.len())].to_owned()
        };
        let mut fast_hits = 0;
        for _ in 0..20_000 {
            let text = format!(
                "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}{}{}",
                rng.gen_range(0..=2400),
                rng.gen_range(0..=13),
                rng.gen_range(0..=32),
                pick(&mut rng, &["T", " ", "t", "x"]),
                rng.gen_range(0..=24),
                rng.gen_range(0..=60),
                rng.gen_range(0..=61),
                pick(
                    &mut rng,
                    &["", ".5", ".000", ".123456789", ".1234567891", ".", ".x"]
                ),
                pick(
                    &mut rng,
                    &["", "Z", "z", "+00:00", "-07:00", "+05:30", "+24:00", "+0100", " +0000", "-23:59"]
                ),
            );
            let fast = parse_iso_fast(&text);
            if fast.is_some() {
                fast_hits += 1;
                assert_eq!(fast, parse_with_chrono(&text), "{text}");
            }
        }
        assert!(fast_hits > 1000, "the fast path read only {fast_hits} strings");
        assert_eq!(parse_iso_fast("1900-01-01T00:00:00Z"), Some(-2_208_988_800));
        assert_eq!(
            parse_iso_fast("2024-02-29 23:59:59"),
            parse_with_chrono("2024-02-29 23:59:59")
        );
        assert_eq!(parse_iso_fast("2023-02-29 00:00:00"), None);
    }

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
