//! Written forms of values ([`Format`]): whether a text is in one, how to name it to a user, a
//! sample text in it, and the times such texts stand for (for rules that compare two times).
//! No regex engine and no clock: each form is read by hand.

use crate::catalog::Format;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `text` is written in `format`.
pub fn matches(format: &Format, text: &str) -> bool {
    match format {
        Format::Ipv4 => is_ipv4(text),
        Format::Ipv6 => text.parse::<Ipv6Addr>().is_ok(),
        Format::Ip => is_ipv4(text) || text.parse::<Ipv6Addr>().is_ok(),
        Format::Cidr => is_cidr(text),
        Format::Uuid => is_uuid(text),
        Format::DateTime => rfc3339_seconds(text).is_some(),
        Format::Iso8601 => iso8601_seconds(text).is_some(),
        Format::Base64 => is_base64(text),
        Format::Email => is_email(text),
        Format::Pattern(pattern) => pattern_seconds(pattern, text).is_some(),
        Format::Prefix(prefix) => text.len() > prefix.len() && text.starts_with(prefix.as_str()),
        Format::UnixMillis => (12..=14).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()),
        Format::GmtOffset => is_gmt_offset(text),
    }
}

/// The form in words, for a finding (`an IPv4 address`, `a date and time written yyyyMMddHHmmss`).
pub fn describe(format: &Format) -> String {
    match format {
        Format::Ipv4 => "an IPv4 address (e.g. 192.168.0.1)".into(),
        Format::Ipv6 => "an IPv6 address (e.g. 2001:db8::1)".into(),
        Format::Ip => "an IPv4 or IPv6 address".into(),
        Format::Cidr => "a network in CIDR notation (e.g. 192.168.0.0/16)".into(),
        Format::Uuid => "a UUID (8-4-4-4-12 hexadecimal digits)".into(),
        Format::DateTime => "an RFC 3339 date and time (e.g. 2025-01-24T08:00:00Z)".into(),
        Format::Iso8601 => "an ISO 8601 date or time (e.g. 2025-01-24T08:00:00Z)".into(),
        Format::Base64 => "base64 text".into(),
        Format::Email => "an e-mail address".into(),
        Format::Pattern(p) => format!("a time written {p} (e.g. {})", sample(format)),
        Format::Prefix(p) => format!("an id starting with {p:?}"),
        Format::UnixMillis => "a Unix time in milliseconds (e.g. 1737705600000)".into(),
        Format::GmtOffset => "an offset from GMT-12:00 to GMT+12:00 (e.g. GMT+08:00)".into(),
    }
}

/// A text in `format` (24 January 2025, 08:00:00 UTC for times).
pub fn sample(format: &Format) -> String {
    match format {
        Format::Ipv4 | Format::Ip => "192.168.0.1".into(),
        Format::Ipv6 => "2001:db8::1".into(),
        Format::Cidr => "192.168.0.0/16".into(),
        Format::Uuid => "1f5c9fd6-cd98-4056-ba89-c8c87cc03278".into(),
        Format::DateTime | Format::Iso8601 => "2025-01-24T08:00:00Z".into(),
        Format::Base64 => "c2FtcGxl".into(),
        Format::Email => "user@example.com".into(),
        Format::Pattern(p) => write_pattern(p, &SAMPLE_TIME),
        Format::Prefix(p) => format!("{p}12345678"),
        Format::UnixMillis => "1737705600000".into(),
        Format::GmtOffset => "GMT+08:00".into(),
    }
}

/// A calendar time's parts.
struct Parts {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

const SAMPLE_TIME: Parts = Parts { year: 2025, month: 1, day: 24, hour: 8, minute: 0, second: 0 };

/// The pattern's letter runs, in the order the pattern reads them.
const TOKENS: [&str; 7] = ["yyyy", "SSS", "MM", "dd", "HH", "mm", "ss"];

fn write_pattern(pattern: &str, t: &Parts) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        if let Some(token) = TOKENS.iter().find(|tok| rest.starts_with(*tok)) {
            let text = match *token {
                "yyyy" => format!("{:04}", t.year),
                "MM" => format!("{:02}", t.month),
                "dd" => format!("{:02}", t.day),
                "HH" => format!("{:02}", t.hour),
                "mm" => format!("{:02}", t.minute),
                "ss" => format!("{:02}", t.second),
                _ => "000".into(),
            };
            out.push_str(&text);
            rest = &rest[token.len()..];
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The seconds since 1970 that `text`, written to `pattern`, stands for (UTC), or `None` when
/// it is not written so or names no real date.
pub fn pattern_seconds(pattern: &str, text: &str) -> Option<f64> {
    let mut t = Parts { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    let mut millis = 0i64;
    let (mut p, mut s) = (pattern, text);
    while !p.is_empty() {
        if let Some(token) = TOKENS.iter().find(|tok| p.starts_with(*tok)) {
            let width = token.len();
            let digits = s.get(..width).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
            let n: i64 = digits.parse().ok()?;
            match *token {
                "yyyy" => t.year = n,
                "MM" => t.month = n,
                "dd" => t.day = n,
                "HH" => t.hour = n,
                "mm" => t.minute = n,
                "ss" => t.second = n,
                _ => millis = n,
            }
            p = &p[width..];
            s = &s[width..];
        } else {
            let c = p.chars().next()?;
            s = s.strip_prefix(c)?;
            p = &p[c.len_utf8()..];
        }
    }
    if !s.is_empty() {
        return None;
    }
    seconds(&t).map(|x| x + millis as f64 / 1000.0)
}

/// Seconds since 1970 of an RFC 3339 date and time.
pub fn rfc3339_seconds(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't') {
        return None;
    }
    let base = pattern_seconds("yyyy-MM-dd", &text[..10])?;
    let clock = pattern_seconds("HH:mm:ss", text.get(11..19)?)?;
    let mut rest = &text[19..];
    let mut fraction = 0.0;
    if let Some(after) = rest.strip_prefix('.') {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        fraction = format!("0.{}", &after[..digits]).parse().ok()?;
        rest = &after[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0.0,
        zone if zone.len() == 6 && (zone.starts_with('+') || zone.starts_with('-')) => {
            let hm = pattern_seconds("HH:mm", &zone[1..])?;
            if zone.starts_with('+') {
                -hm
            } else {
                hm
            }
        }
        _ => return None,
    };
    Some(base + clock + fraction + offset)
}

/// Seconds since 1970 of an ISO 8601 date or date and time: `yyyy-MM-dd`, then optionally
/// `THH:mm`, `:ss`, a fraction, and `Z` or an offset (`+08:00`, `+0800`).
pub fn iso8601_seconds(text: &str) -> Option<f64> {
    if text.len() == 10 {
        return pattern_seconds("yyyy-MM-dd", text);
    }
    if rfc3339_seconds(text).is_some() {
        return rfc3339_seconds(text);
    }
    let (date, rest) = (text.get(..10)?, text.get(10..)?);
    let base = pattern_seconds("yyyy-MM-dd", date)?;
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix('t'))?;
    let clock_len = if rest.len() >= 8 && rest.as_bytes()[5] == b':' { 8 } else { 5 };
    let clock = pattern_seconds(if clock_len == 8 { "HH:mm:ss" } else { "HH:mm" }, rest.get(..clock_len)?)?;
    let mut zone = &rest[clock_len..];
    if clock_len == 8 {
        if let Some(after) = zone.strip_prefix('.') {
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            zone = &after[digits..];
        }
    }
    let offset = match zone {
        "" | "Z" | "z" => 0.0,
        z if (z.starts_with('+') || z.starts_with('-')) && (z.len() == 6 || z.len() == 5) => {
            let hm = if z.len() == 6 { pattern_seconds("HH:mm", &z[1..])? } else { pattern_seconds("HHmm", &z[1..])? };
            if z.starts_with('+') {
                -hm
            } else {
                hm
            }
        }
        _ => return None,
    };
    Some(base + clock + offset)
}

/// The time `text` stands for in any of the forms the clouds use (RFC 3339, `yyyy-MM-dd
/// HH:mm:ss`, `yyyyMMddHHmmss`, `yyyy-MM-ddTHH:mmZ`, a date alone), in seconds since 1970.
pub fn any_time_seconds(text: &str) -> Option<f64> {
    any_time_seconds_of(text)
}

/// A time of day (`HH:mm` or `HH:mm:ss`) in seconds after midnight.
pub fn time_of_day_seconds(text: &str) -> Option<f64> {
    pattern_seconds("HH:mm:ss", text).or_else(|| pattern_seconds("HH:mm", text)).map(|s| s.rem_euclid(86_400.0))
}

fn any_time_seconds_of(text: &str) -> Option<f64> {
    const FORMS: [&str; 7] = [
        "yyyy-MM-dd HH:mm:ss",
        "yyyyMMddHHmmss",
        "yyyy-MM-ddTHH:mmZ",
        "yyyy-MM-ddTHH:mm:ssZ",
        "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd",
        "yyyyMMdd",
    ];
    rfc3339_seconds(text).or_else(|| FORMS.iter().find_map(|p| pattern_seconds(p, text))).or_else(|| iso8601_seconds(text))
}

fn seconds(t: &Parts) -> Option<f64> {
    let leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&t.month) || t.day < 1 || t.day > month_days[(t.month - 1) as usize] {
        return None;
    }
    // 23:59:60 is a leap second (RFC 3339 allows it).
    if t.hour > 23 || t.minute > 59 || t.second > 60 {
        return None;
    }
    Some((days_from_civil(t.year, t.month, t.day) * 86_400 + t.hour * 3_600 + t.minute * 60 + t.second) as f64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_ipv4(text: &str) -> bool {
    // Rust's parser already refuses leading zeros ("01.2.3.4"), as the clouds do.
    text.parse::<Ipv4Addr>().is_ok()
}

fn is_cidr(text: &str) -> bool {
    let Some((addr, bits)) = text.split_once('/') else { return false };
    if bits.is_empty() || bits.len() > 3 || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(bits) = bits.parse::<u8>() else { return false };
    if is_ipv4(addr) {
        bits <= 32
    } else {
        addr.parse::<Ipv6Addr>().is_ok() && bits <= 128
    }
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_base64(text: &str) -> bool {
    if text.is_empty() || !text.len().is_multiple_of(4) {
        return false;
    }
    let body = text.trim_end_matches('=');
    text.len() - body.len() <= 2 && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    let printable = |s: &str| s.chars().all(|c| c.is_ascii_graphic() && c != '@');
    !local.is_empty()
        && printable(local)
        && printable(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// `GMT+08:00`, `GMT-12:00`: a sign, hours and minutes, at most twelve hours either way.
fn is_gmt_offset(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("GMT").and_then(|r| r.strip_prefix('+').or_else(|| r.strip_prefix('-'))) else {
        return false;
    };
    let b = rest.as_bytes();
    if b.len() != 5 || b[2] != b':' || !b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()) {
        return false;
    }
    let hours = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let minutes = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    minutes < 60 && (hours < 12 || (hours == 12 && minutes == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> Format {
        Format::from_name(name).expect("a known format")
    }

    #[test]
    fn addresses() {
        assert!(matches(&f("ipv4"), "10.0.0.1"));
        for bad in ["10.0.0", "256.1.1.1", "01.2.3.4", "10.0.0.1 ", ""] {
            assert!(!matches(&f("ipv4"), bad), "{bad:?}");
        }
        assert!(matches(&f("ipv6"), "fe80::1"));
        assert!(matches(&f("cidr"), "10.0.0.0/8") && matches(&f("cidr"), "2001:db8::/32"));
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "x/8", "2001:db8::/129"] {
            assert!(!matches(&f("cidr"), bad), "{bad:?}");
        }
    }

    #[test]
    fn identifiers_and_encodings() {
        assert!(matches(&f("uuid"), "1F5C9FD6-cd98-4056-ba89-c8c87cc03278"));
        assert!(!matches(&f("uuid"), "1f5c9fd6cd984056ba89c8c87cc03278"));
        assert!(matches(&f("base64"), "aGVsbG8=") && !matches(&f("base64"), "aGVsbG8") && !matches(&f("base64"), "a==="));
        assert!(matches(&f("email"), "a.b@example.org") && !matches(&f("email"), "a@b") && !matches(&f("email"), "a b@c.d"));
    }

    #[test]
    fn times() {
        let p = f("yyyyMMddHHmmss");
        assert!(matches(&p, "20200609160000"));
        for bad in ["2020060916000", "20201309160000", "20200230160000", "2020-06-09 16:00:00", "20200609246000"] {
            assert!(!matches(&p, bad), "{bad:?}");
        }
        assert_eq!(sample(&p), "20250124080000");
        assert_eq!(sample(&f("yyyy-MM-ddTHH:mmZ")), "2025-01-24T08:00Z");
        // 2025-01-24T08:00:00Z is 1737705600 (date -u -d @1737705600).
        assert_eq!(rfc3339_seconds("2025-01-24T08:00:00Z"), Some(1_737_705_600.0));
        assert_eq!(rfc3339_seconds("2025-01-24T10:00:00+02:00"), Some(1_737_705_600.0));
        assert_eq!(any_time_seconds("2025-01-24 08:00:00"), Some(1_737_705_600.0));
        assert_eq!(any_time_seconds("20250124080000"), Some(1_737_705_600.0));
        assert!(rfc3339_seconds("2025-01-24 08:00:00Z").is_none());
        assert!(matches(&f("date-time"), "2024-02-29T23:59:59.5Z") && !matches(&f("date-time"), "2023-02-29T00:00:00Z"));
        for good in ["2025-01-24", "2025-01-24T08:00Z", "2025-01-24T08:00:00+0800", "2025-01-24T08:00:00.250Z", "2025-01-24T08:00"] {
            assert!(matches(&f("iso8601"), good), "{good:?}");
        }
        for bad in ["2025-1-24", "2025-01-24 08:00", "2025-01-24T8:00Z", "20250124", "2025-01-24T08:00:00+8"] {
            assert!(!matches(&f("iso8601"), bad), "{bad:?}");
        }
        assert_eq!(iso8601_seconds("2025-01-24T16:00+08:00"), Some(1_737_705_600.0));
    }

    #[test]
    fn names_read_back() {
        for name in ["ipv4", "ipv6", "ip", "cidr", "uuid", "date-time", "iso8601", "base64", "email", "yyyy-MM-dd HH:mm:ss"] {
            assert_eq!(f(name).name(), name);
        }
        assert!(Format::from_name("phone").is_none() && Format::from_name("MMdd").is_none());
        assert_eq!(f("prefix:ins-").written(), "prefix:ins-");
        assert!(matches(&f("prefix:ins-"), "ins-r8hr2upy") && !matches(&f("prefix:ins-"), "ins-") && !matches(&f("prefix:ins-"), "img-1"));
    }
}
