//! Which addresses the proxy never connects to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is refused, or `None` for a public unicast address.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([169, 254, 169, 254], 32, "cloud metadata"),
        ([0, 0, 0, 0], 8, "unspecified (this network)"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([10, 0, 0, 0], 8, "private"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 168, 0, 0], 16, "private"),
        ([169, 254, 0, 0], 16, "link-local"),
        ([100, 64, 0, 0], 10, "shared (CGNAT)"),
        ([192, 0, 0, 0], 24, "IETF protocol assignments"),
        ([192, 0, 2, 0], 24, "documentation"),
        ([192, 31, 196, 0], 24, "AS112 sink"),
        ([192, 52, 193, 0], 24, "AMT relay"),
        ([192, 175, 48, 0], 24, "AS112 sink (direct delegation)"),
        ([198, 51, 100, 0], 24, "documentation"),
        ([203, 0, 113, 0], 24, "documentation"),
        ([192, 88, 99, 0], 24, "6to4 relay"),
        ([198, 18, 0, 0], 15, "benchmarking"),
        ([224, 0, 0, 0], 4, "multicast"),
        ([240, 0, 0, 0], 4, "reserved or broadcast"),
    ];
    RANGES.iter().find(|(net, prefix, _)| in_v4(ip, *net, *prefix)).map(|(_, _, why)| *why)
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if s[..5] == [0, 0, 0, 0, 0] && s[5] == 0xffff {
        return Some("IPv4-mapped");
    }
    if s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0 {
        return Some("IPv4-translated");
    }
    if s[..6] == [0, 0, 0, 0, 0, 0] {
        return Some("IPv4-compatible");
    }
    // (prefix length, first bits as an address, reason), from the IANA IPv6 special-purpose
    // address registry, plus multicast and the deprecated site-local range.
    const RANGES: &[(u32, [u16; 4], &str)] = &[
        (96, [0x64, 0xff9b, 0, 0], "NAT64"),
        (48, [0x64, 0xff9b, 1, 0], "NAT64 (local use)"),
        (64, [0x100, 0, 0, 0], "discard-only"),
        (64, [0x100, 0, 0, 1], "dummy prefix"),
        (23, [0x2001, 0, 0, 0], "IETF protocol assignments (Teredo, benchmarking, ORCHID)"),
        (32, [0x2001, 0x0db8, 0, 0], "documentation"),
        (16, [0x2002, 0, 0, 0], "6to4"),
        (48, [0x2620, 0x4f, 0x8000, 0], "AS112 sink"),
        (20, [0x3fff, 0, 0, 0], "documentation"),
        (16, [0x5f00, 0, 0, 0], "segment routing (SRv6)"),
        (7, [0xfc00, 0, 0, 0], "unique local"),
        (10, [0xfe80, 0, 0, 0], "link-local"),
        (10, [0xfec0, 0, 0, 0], "site-local"),
        (8, [0xff00, 0, 0, 0], "multicast"),
    ];
    let bits = u128::from(ip);
    RANGES
        .iter()
        .find(|(prefix, net, _)| {
            let net = u128::from(Ipv6Addr::new(net[0], net[1], net[2], net[3], 0, 0, 0, 0));
            let mask = u128::MAX << (128 - prefix);
            bits & mask == net & mask
        })
        .map(|(_, _, why)| *why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        for bad in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "ff02::1",
            "2002:7f00:1::",
            "2001:db8::1",
            "2001::1",
        ] {
            assert!(forbidden(bad.parse().unwrap()).is_some(), "{bad}");
        }
        for good in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2400:cb00::1"] {
            assert_eq!(forbidden(good.parse().unwrap()), None, "{good}");
        }
    }
}
