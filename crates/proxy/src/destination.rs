//! Which URLs the proxy forwards to: https, port 443, a host the catalog generates, and a
//! path and query kept byte for byte.

use std::collections::BTreeSet;

/// Longest URL accepted, in bytes. The `http` crate cannot hold a URI longer than 65,534
/// bytes, and the forwarded URI may be one byte longer than the given URL (a `/` before a bare
/// query), so this is the limit that really holds.
pub const MAX_URL: usize = 64 * 1024 - 4;

/// A checked destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// Lower-case host name from the catalog.
    pub host: String,
    /// Path and query, exactly as given.
    pub target: String,
}

/// Every host the catalog can generate (each entry × each listed region).
pub fn catalog_hosts() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in &cloudreq_core::catalog().entries {
        for region in &entry.endpoint.regions {
            out.insert(cloudreq_core::request::host_for(entry, &region.id).to_ascii_lowercase());
        }
    }
    out
}

/// Whether a host is written as an IP address in any spelling (dotted, decimal, octal, hex,
/// short forms, IPv6 with or without brackets or zone).
pub fn looks_like_ip(host: &str) -> bool {
    let h = host.trim_end_matches('.');
    if h.contains(':') || h.starts_with('[') || h.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    // inet_aton accepts 1 to 4 parts, each decimal, octal (leading 0) or hex (0x).
    let parts: Vec<&str> = h.split('.').collect();
    !parts.is_empty()
        && parts.len() <= 4
        && parts.iter().all(|p| {
            let p = p.to_ascii_lowercase();
            !p.is_empty()
                && (p.chars().all(|c| c.is_ascii_digit()) || (p.starts_with("0x") && p[2..].chars().all(|c| c.is_ascii_hexdigit())))
        })
}

/// Checks `url` against the allowed hosts. The error says why, in words.
pub fn check(url: &str, allowed: &BTreeSet<String>) -> Result<Destination, String> {
    if url.len() > MAX_URL {
        return Err(format!("the URL is longer than {MAX_URL} bytes"));
    }
    if url.bytes().any(|b| !(0x21..=0x7e).contains(&b)) {
        return Err("the URL holds spaces, control characters or non-ASCII bytes (it must be percent-encoded)".into());
    }
    let Some(rest) = url.get(..8).filter(|s| s.eq_ignore_ascii_case("https://")).map(|_| &url[8..]) else {
        return Err("only https:// URLs are forwarded".into());
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(end);
    if authority.contains('@') {
        return Err("URLs with user information (user@host) are refused".into());
    }
    if authority.contains('\\') || authority.contains('%') {
        return Err("the host contains '\\' or '%'".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && !h.starts_with('[') => (h, Some(p)),
        _ => (authority, None),
    };
    if let Some(p) = port {
        if p != "443" {
            return Err(format!("port {p:?} is refused: only the default https port 443"));
        }
    }
    if host.is_empty() {
        return Err("the URL has no host".into());
    }
    if looks_like_ip(host) {
        return Err(format!("{host} is an IP address; only the clouds' API host names are forwarded"));
    }
    if host.ends_with('.') {
        return Err(format!("{host} ends with a dot; write the host without it"));
    }
    if !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        return Err(format!("{host:?} is not a plain host name"));
    }
    let host = host.to_ascii_lowercase();
    if !allowed.contains(&host) {
        return Err(format!("{host} is not an API host of a cloud, service and region in the catalog"));
    }
    if target.contains('#') {
        return Err("the URL has a fragment (#…)".into());
    }
    if target.contains('\\') {
        return Err("the path contains '\\'".into());
    }
    let target = if target.is_empty() {
        "/".to_string()
    } else if target.starts_with('?') {
        format!("/{target}")
    } else {
        target.to_string()
    };
    Ok(Destination { host, target })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_of_ip_addresses() {
        for ip in
            ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.0.0.1", "[::1]", "::1", "fe80::1%25eth0", "127.0.0.1."]
        {
            assert!(looks_like_ip(ip), "{ip}");
        }
        for name in ["ddm.eu-de.otc.t-systems.com", "emr.tencentcloudapi.com", "1e100.net", "x0x1.com"] {
            assert!(!looks_like_ip(name), "{name}");
        }
    }

    #[test]
    fn keeps_the_target_byte_for_byte() {
        let allowed = catalog_hosts();
        let d = check("https://emr.cn-hangzhou.aliyuncs.com/?A.1.B=x%20y%2A~&RegionId=cn-hangzhou", &allowed).unwrap();
        assert_eq!(d.target, "/?A.1.B=x%20y%2A~&RegionId=cn-hangzhou");
        let d = check("HTTPS://EMR.tencentcloudapi.com:443", &allowed).unwrap();
        assert_eq!((d.host.as_str(), d.target.as_str()), ("emr.tencentcloudapi.com", "/"));
    }
}
