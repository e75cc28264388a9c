//! Which `Host` headers the preview answers. A page on another site can point its own name at
//! 127.0.0.1 (DNS rebinding) and then read the preview as if it were its own; its requests
//! still carry that name in `Host`. So only names that cannot belong to another site are
//! answered: `localhost`, loopback addresses, and the address the request came in on (with
//! `--bind 0.0.0.0`, the address another machine used), each with or without a port.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Whether `host` (a `Host` header's value) names this machine; `arrived_on` is the local
/// address of the connection.
pub fn is_local(host: &str, arrived_on: IpAddr) -> bool {
    let Some(name) = without_port(host.trim()) else {
        return false;
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    };
    ip.is_some_and(|ip| {
        let ip = ip.to_canonical();
        ip.is_loopback() || ip == arrived_on.to_canonical()
    })
}

/// `host` without its `:port` (which must be digits), or `None` if it is malformed.
fn without_port(host: &str) -> Option<&str> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')? + 1;
        match &host[end..] {
            "" => (host, None),
            rest => (&host[..end], Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (port_ok && !name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn loopback_names_with_or_without_a_port() {
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:80",
            " localhost:1111 ",
        ] {
            assert!(is_local(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn other_names_are_not_this_machine() {
        for host in [
            "",
            ":1111",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "localhost:1111@evil.example",
            "localhost:",
            "localhost:11a",
            "[::1",
            "[::1]x",
            "::1",
            "192.168.1.20:1111",
            "0.0.0.0:1111",
        ] {
            assert!(!is_local(host, LOOPBACK), "{host}");
        }
    }

    #[test]
    fn the_address_a_request_came_in_on() {
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        assert!(is_local("192.168.1.20:1111", lan));
        assert!(is_local("[::ffff:192.168.1.20]", lan));
        assert!(!is_local("192.168.1.21:1111", lan));
        assert!(!is_local("printer.local", lan));
    }
}
