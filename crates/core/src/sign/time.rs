//! UTC time formatting for signatures, from a Unix timestamp (no clock is read here).

/// A moment, as Unix seconds (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcTime(pub i64);

impl UtcTime {
    /// Calendar fields: (year, month, day, hour, minute, second).
    pub fn fields(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400) as u32;
        // Howard Hinnant's days → civil date.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
    }

    /// `YYYYMMDDTHHMMSSZ` (Huawei `X-Sdk-Date`).
    pub fn compact(self) -> String {
        let (y, mo, d, h, mi, s) = self.fields();
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, Alibaba `x-acs-date`).
    pub fn rfc3339(self) -> String {
        let (y, mo, d, h, mi, s) = self.fields();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// `YYYY-MM-DD` (Tencent credential scope).
    pub fn date(self) -> String {
        let (y, mo, d, ..) = self.fields();
        format!("{y:04}-{mo:02}-{d:02}")
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM` (fractions of a second ignored).
    pub fn parse_rfc3339(text: &str) -> Option<UtcTime> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
        let (y, mo, d, h, mi, s) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        if !(1..=12).contains(&mo) || d < 1 || d > month_days[(mo - 1) as usize] || h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let mut rest = &text[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => {
                let sign = match rest.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                    return None;
                }
                let oh: i64 = rest[1..3].parse().ok()?;
                let om: i64 = rest[4..6].parse().ok()?;
                sign * (oh * 3600 + om * 60)
            }
        };
        // Civil date → days (inverse of `fields`).
        let y2 = if mo <= 2 { y - 1 } else { y };
        let era = y2.div_euclid(400);
        let yoe = y2 - era * 400;
        let mp = (mo + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Some(UtcTime(days * 86_400 + h * 3600 + mi * 60 + s - offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_moments() {
        // Values from the clouds' published vectors.
        assert_eq!(UtcTime(1_700_000_000).rfc3339(), "2023-11-14T22:13:20Z");
        assert_eq!(UtcTime(1_735_689_599).date(), "2024-12-31");
        assert_eq!(UtcTime(1_551_113_065).date(), "2019-02-25");
        assert_eq!(UtcTime(0).compact(), "19700101T000000Z");
        assert_eq!(UtcTime(951_782_400).rfc3339(), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn parses_what_it_prints_and_offsets() {
        for t in [0, 1, 951_782_400, 1_700_000_000, 1_735_689_599, 4_102_444_800] {
            assert_eq!(UtcTime::parse_rfc3339(&UtcTime(t).rfc3339()), Some(UtcTime(t)));
        }
        assert_eq!(UtcTime::parse_rfc3339("2025-01-24T09:00:00+01:00"), UtcTime::parse_rfc3339("2025-01-24T08:00:00Z"));
        assert_eq!(UtcTime::parse_rfc3339("2025-01-24T08:00:00.123Z"), UtcTime::parse_rfc3339("2025-01-24T08:00:00Z"));
        assert!(UtcTime::parse_rfc3339("2024-02-29T00:00:00Z").is_some(), "leap day");
        for bad in [
            "",
            "2025-01-24",
            "2025-13-01T00:00:00Z",
            "2025-01-24T08:00:00",
            "2025-01-24T08:00:00+0100",
            "x025-01-24T08:00:00Z",
            "2025-02-29T00:00:00Z",
            "2025-04-31T00:00:00Z",
            "2025-01-01T00:00:60Z",
        ] {
            assert_eq!(UtcTime::parse_rfc3339(bad), None, "{bad}");
        }
    }
}
