//! Time for sessions, behind a trait so scripted sessions are exact.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where a session reads the time from.
pub trait Clock {
    /// Milliseconds since the Unix epoch (UTC).
    fn now_ms(&self) -> i64;
}

/// The system's wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
            // A clock set before 1970 is wrong, but it must not stop a session.
            Err(_) => 0,
        }
    }
}

/// A clock for tests: starts at `start_ms` and moves on by `step_ms` every time it is read,
/// so a scripted session sees time pass in a known way.
#[derive(Debug)]
pub struct SteppingClock {
    next: std::cell::Cell<i64>,
    step_ms: i64,
}

impl SteppingClock {
    pub fn new(start_ms: i64, step_ms: i64) -> Self {
        SteppingClock {
            next: std::cell::Cell::new(start_ms),
            step_ms,
        }
    }
}

impl Clock for SteppingClock {
    fn now_ms(&self) -> i64 {
        let now = self.next.get();
        self.next.set(now.saturating_add(self.step_ms));
        now
    }
}

/// `mm:ss`, or `h:mm:ss` from an hour on; negative spans show as `00:00`.
pub fn clock_face(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Why a time limit could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("an empty time limit; write it like 30m, 90s or 1h30m")]
    Empty,
    #[error(
        "`{text}` is not a time limit: `{unit}` is not a unit; write it like 30m, 90s or 1h30m"
    )]
    BadUnit { text: String, unit: char },
    #[error("`{0}` is not a time limit; write it like 30m, 90s or 1h30m")]
    NoNumber(String),
    #[error(
        "`{text}` is not a time limit: `{digits}` has no unit; write it like 30m, 90s or 1h30m"
    )]
    NoUnit { text: String, digits: String },
    #[error("a time limit of zero leaves no time to answer; give at least 1s")]
    Zero,
}

/// Parses a time limit: `30m`, `90s`, `1h`, `1h30m`, or a bare number of minutes.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    if let Ok(minutes) = t.parse::<u64>() {
        return Ok(Duration::from_secs(minutes.saturating_mul(60)));
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for ch in t.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        let unit = match ch {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => {
                return Err(DurationError::BadUnit {
                    text: t.to_string(),
                    unit: ch,
                });
            }
        };
        let n: u64 = digits
            .parse()
            .map_err(|_| DurationError::NoNumber(t.to_string()))?;
        total = total.saturating_add(n.saturating_mul(unit));
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(DurationError::NoUnit {
            text: t.to_string(),
            digits,
        });
    }
    if total == 0 {
        return Err(DurationError::Zero);
    }
    Ok(Duration::from_secs(total))
}

/// RFC 3339 UTC time stamp of milliseconds since the epoch: `2026-11-28T02:30:00Z`.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// Milliseconds since the epoch of an RFC 3339 time stamp as [`rfc3339`] writes it
/// (an offset other than `Z` is accepted and applied).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = text.trim();
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, rest) = t.split_once(['T', 't', ' '])?;
    let mut parts = date.splitn(3, '-');
    let y = num(parts.next()?)?;
    let mo = num(parts.next()?)?;
    let d = num(parts.next()?)?;
    if rest.len() < 8 || !rest.is_char_boundary(8) {
        return None;
    }
    let (hms, mut zone) = rest.split_at(8);
    let mut hms_parts = hms.splitn(3, ':');
    let h = num(hms_parts.next()?)?;
    let mi = num(hms_parts.next()?)?;
    let s = num(hms_parts.next()?)?;
    if let Some(frac) = zone.strip_prefix('.') {
        let end = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        zone = &frac[end..];
    }
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (oh, om) = zone[1..].split_once(':')?;
            let (oh, om) = (num(oh)?, num(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 3600 + om * 60)
        }
    };
    // RFC 3339 years have four digits; a longer one (a hand-edited history) would overflow
    // the arithmetic below.
    if y > 9999 || !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some((days * 86_400 + h * 3600 + mi * 60 + s - offset) * 1000)
}

// Gregorian calendar arithmetic over 400-year eras (the proleptic calendar, as RFC 3339 uses).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_stamps_round_trip() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_833_000_000), "2026-11-28T02:30:00Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
        for ms in [0, 951_782_400_000, 1_795_833_000_000, 4_102_444_800_000] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
        assert_eq!(
            parse_rfc3339("2026-11-28T03:30:00.123+01:00"),
            Some(1_795_833_000_000)
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-11-28T0é:00:00Z"), None);
        assert_eq!(parse_rfc3339("999999999999999999-01-01T00:00:00Z"), None);
        assert_eq!(
            parse_rfc3339("2026-11-28T00:00:00+999999999999999999:00"),
            None
        );
        assert!(parse_rfc3339("9999-12-31T23:59:60-23:59").is_some());
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("45"), Ok(Duration::from_secs(2700)));
        assert!(parse_duration("30x").is_err());
        assert!(parse_duration("1h30").is_err());
        assert!(parse_duration("0m").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn clock_faces() {
        assert_eq!(clock_face(0), "00:00");
        assert_eq!(clock_face(61_999), "01:01");
        assert_eq!(clock_face(3_723_000), "1:02:03");
        assert_eq!(clock_face(-5), "00:00");
    }

    #[test]
    fn stepping_clock_moves_on_each_read() {
        let c = SteppingClock::new(1000, 500);
        assert_eq!(c.now_ms(), 1000);
        assert_eq!(c.now_ms(), 1500);
    }
}
