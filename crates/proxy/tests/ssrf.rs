//! The SSRF suite: destinations the proxy must refuse before any connection, each with a
//! reason, while a stand-in on 127.0.0.1 counts connections (and sees none).

mod common;

use cloudreq_proxy::Config;
use common::*;
use std::sync::atomic::Ordering;

#[tokio::test]
async fn every_ssrf_destination_is_refused_and_nothing_connects() {
    let stand_in = stand_in(&["localhost"]).await;
    let p = stand_in.addr.port();
    let table = dns(&[
        ("ddm.cn-north-4.myhuaweicloud.com", &["127.0.0.1"]),
        ("emr.tencentcloudapi.com", &["10.0.0.5"]),
        ("emr.cn-hangzhou.aliyuncs.com", &["169.254.169.254"]),
        ("dcs.cn-east-3.myhuaweicloud.com", &["::ffff:127.0.0.1"]),
        ("ddm.eu-de.otc.t-systems.com", &["8.8.8.8", "192.168.1.1"]),
        ("emr.cn-beijing.aliyuncs.com", &["64:ff9b::a00:1"]),
        ("dcs.ap-southeast-1.myhuaweicloud.com", &["fe80::1"]),
        ("emr.cn-shanghai.aliyuncs.com", &["100.64.1.1"]),
        ("dcs.cn-north-1.myhuaweicloud.com", &["0.0.0.0"]),
        ("ddm.ap-southeast-3.myhuaweicloud.com", &["::1"]),
        ("dcs.af-south-1.myhuaweicloud.com", &["172.20.0.1"]),
        ("emr.cn-qingdao.aliyuncs.com", &["fd00::1"]),
        ("ddm.cn-east-2.myhuaweicloud.com", &["224.0.0.251"]),
        ("ddm.eu-west-101.myhuaweicloud.eu", &["::"]),
        ("emr.cn-shenzhen.aliyuncs.com", &[]),
    ]);
    let state = state(Config { dns_table: Some(table.clone()), ..Config::default() });
    let mut urls: Vec<String> = [
        // IP literals in every spelling
        "https://127.0.0.1/",
        "https://127.1/",
        "https://2130706433/",
        "https://0x7f000001/",
        "https://017700000001/",
        "https://0177.0.0.1/",
        "https://0x7f.0.0.1/",
        "https://127.0.0.1./",
        "https://0/",
        "https://0.0.0.0/",
        "https://10.0.0.1/",
        "https://172.16.0.1/",
        "https://192.168.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://100.64.0.1/",
        "https://8.8.8.8/",
        "https://[::1]/",
        "https://[::]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/",
        "https://[0:0:0:0:0:ffff:127.0.0.1]/",
        "https://[64:ff9b::127.0.0.1]/",
        "https://[fe80::1%25eth0]/",
        "https://[fd00::1]/",
        "https://[::127.0.0.1]/",
        // hosts outside the catalog, look-alikes, suffix and prefix tricks
        "https://localhost/",
        "https://localhost./",
        "https://evil.com/",
        "https://myhuaweicloud.com/",
        "https://evil-myhuaweicloud.com/",
        "https://ddm.cn-north-4.myhuaweicloud.com.evil.net/",
        "https://x.aliyuncs.com.evil.net/",
        "https://emr.tencentcloudapi.com.evil.net/",
        "https://evilemr.tencentcloudapi.com/",
        "https://emr.tencentcloudapi.com./",
        "https://ddm.nowhere-1.myhuaweicloud.com/",
        "https://aliyuncs.com/",
        "https://emr.cn-hangzhou.aliyuncs.com.127.0.0.1.nip.io/",
        "https://%65mr.tencentcloudapi.com/",
        "https://\u{0435}mr.tencentcloudapi.com/",
        "https://xn--mr-gxa.tencentcloudapi.com/",
        // userinfo and backslash tricks
        "https://user@emr.tencentcloudapi.com/",
        "https://emr.tencentcloudapi.com@127.0.0.1/",
        "https://emr.tencentcloudapi.com\\@127.0.0.1/",
        "https://127.0.0.1\\@emr.tencentcloudapi.com/",
        "https://emr.tencentcloudapi.com%2F@127.0.0.1/",
        "https://emr.tencentcloudapi.com#@127.0.0.1/",
        // schemes, ports, malformed
        "http://emr.tencentcloudapi.com/",
        "ftp://emr.tencentcloudapi.com/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:25/",
        "//emr.tencentcloudapi.com/",
        "https:/emr.tencentcloudapi.com/",
        "https:emr.tencentcloudapi.com/",
        " https://emr.tencentcloudapi.com/",
        "https://emr.tencentcloudapi.com:8443/",
        "https://emr.tencentcloudapi.com:80/",
        "https://emr.tencentcloudapi.com:0443/",
        "https://emr.tencentcloudapi.com:/",
        "https://",
        "https://:443/",
        "",
        "javascript:alert(1)",
        "data:text/plain,hi",
        "https://emr.tencentcloudapi.com/\u{0000}",
        "https://emr.tencentcloudapi.com/a b",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    urls.push(format!("https://127.0.0.1:{p}/"));
    urls.push(format!("https://localhost:{p}/"));
    // catalog hosts whose DNS answers are forbidden
    for host in table.keys() {
        urls.push(format!("https://{host}/v1/x"));
    }
    assert!(urls.len() >= 60, "{} destinations", urls.len());
    let mut failures = Vec::new();
    for url in &urls {
        let (status, body) = call(&state, forward_request(envelope(url, &[("Content-Type", "application/json")], "{}"))).await;
        let is_refusal = status == 403 && body["error"] == "destination";
        let resolved_empty = url.contains("emr.cn-shenzhen") && status == 502;
        if !(is_refusal || resolved_empty) {
            failures.push(format!("{url:?}: {status} {body}"));
        }
    }
    assert!(failures.is_empty(), "not refused:\n{}", failures.join("\n"));
    assert_eq!(stand_in.connections.load(Ordering::SeqCst), 0, "the stand-in saw a connection");
    eprintln!("SSRF suite: {} destinations refused", urls.len());
}

#[tokio::test]
async fn refusal_messages_name_the_reason() {
    let state = state(Config { dns_table: Some(dns(&[("emr.tencentcloudapi.com", &["169.254.169.254"])])), ..Config::default() });
    let cases = [
        ("https://127.0.0.1/", "is an IP address"),
        ("https://evil.com/", "not an API host"),
        ("http://emr.tencentcloudapi.com/", "only https://"),
        ("https://u@emr.tencentcloudapi.com/", "user information"),
        ("https://emr.tencentcloudapi.com:8443/", "port \"8443\""),
        ("https://emr.tencentcloudapi.com/", "169.254.169.254, a cloud metadata address"),
    ];
    for (url, words) in cases {
        let (status, body) = call(&state, forward_request(envelope(url, &[], ""))).await;
        assert_eq!(status, 403, "{url}");
        assert!(body["message"].as_str().unwrap().contains(words), "{url}: {body}");
    }
}

#[tokio::test]
async fn methods_outside_the_allowlist_are_refused() {
    let state = state(Config::default());
    for method in ["CONNECT", "TRACE", "OPTIONS", "PATCH", "FOO"] {
        let env = serde_json::json!({"method": method, "url": "https://emr.tencentcloudapi.com/", "headers": [], "body": ""}).to_string();
        let (status, body) = call(&state, forward_request(env)).await;
        assert_eq!(status, 405, "{method}: {body}");
    }
}
