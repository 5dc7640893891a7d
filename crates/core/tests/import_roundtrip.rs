//! Import round trips: the curl that cloudreq emits imports back to the same operation, region
//! and values, for every documented example of every catalog operation and for the sample
//! values of every operation; plus commands written the way the clouds' documentation and the
//! browsers write them, and the quoting characters of the golden fixtures.
//!
//! What the comparison forgives, because the wire (and so the form after an import) cannot
//! tell the difference:
//! - a parameter flattened into the query or a form body (Alibaba RPC, Huawei query
//!   parameters) travels as text, so its leaves are compared as text (`"10"` and `10` are the
//!   same on the wire); nulls and empty lists or objects inside it are not sent at all;
//! - a field the region fills in when it is absent (`RegionId`) comes back when it equals the
//!   region;
//! - a field sent as one JSON text (`encode: json`) comes back parsed when the catalog declares
//!   a list or an object;
//! - a top-level null is not sent.
//!
//! Members the catalog does not know are sent, but the import lists them in `unplaced` rather
//! than guessing where they belong: the test checks that each value missing from the import is
//! named there, and counts those cases.

use cloudreq_core::catalog::{catalog, Encoding, Entry, Field, FieldType, Location, Style};
use cloudreq_core::emit::Target;
use cloudreq_core::import::{import_curl, parse_curl, split_command, ImportError, Imported, Index};
use cloudreq_core::pipeline::{run, Input, Signing};
use cloudreq_core::request::import as import_example;
use cloudreq_core::sample::sample_values;
use cloudreq_core::sign::{Credentials, Secret, UtcTime};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[path = "common/roundtrip.rs"]
mod roundtrip;
use roundtrip::Tally;

fn index() -> &'static Index<'static> {
    static INDEX: OnceLock<Index<'static>> = OnceLock::new();
    INDEX.get_or_init(|| Index::new(&catalog().entries))
}

fn entry(id: &str) -> &'static Entry {
    catalog().get(id).unwrap_or_else(|| panic!("{id} left the catalog"))
}

/// The curl text the pipeline emits (unsigned, with placeholders, or signed).
fn emitted(e: &Entry, values: &Value, region: &str, signing: Option<Signing<'_>>) -> Option<String> {
    let out = run(&Input { entry: e, values, region, signing, targets: &[Target::Curl] });
    out.text(Target::Curl).map(str::to_string)
}

/// Whether a top-level field travels as flattened text.
fn flattened(e: &Entry, field: Option<&Field>) -> bool {
    match field {
        Some(f) => f.encode.is_none() && (e.style == Style::Rpc || e.location_of(f) == Location::Query),
        None => e.style == Style::Rpc,
    }
}

/// Leaves as text; nulls and empty containers gone (they are not sent).
fn as_wire_text(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::String(_) => Some(v.clone()),
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Bool(b) => Some(Value::String(b.to_string())),
        Value::Array(items) => {
            // Positions matter (`X.2` stays the second), so a dropped item leaves a null.
            let items: Vec<Value> = items.iter().map(|i| as_wire_text(i).unwrap_or(Value::Null)).collect();
            let last = items.iter().rposition(|i| !i.is_null())?;
            Some(Value::Array(items[..=last].to_vec()))
        }
        Value::Object(map) => {
            let map: Map<String, Value> = map.iter().filter_map(|(k, v)| Some((k.clone(), as_wire_text(v)?))).collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
    }
}

/// What the form holds after an import of `values`, by the rules in the header comment.
fn normalise(e: &Entry, values: &Value, region: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(map) = values.as_object() else { return out };
    for (k, v) in map {
        if v.is_null() {
            continue;
        }
        let field = e.field(k);
        if field.is_some_and(|f| f.region_default) && v.as_str() == Some(region) {
            continue;
        }
        if let Some(f) = field.filter(|f| f.encode == Some(Encoding::Json)) {
            let parsed = match v {
                Value::String(text) if matches!(f.ty, FieldType::Array | FieldType::Object) => {
                    serde_json::from_str::<Value>(text).ok().filter(|p| p.is_array() || p.is_object()).unwrap_or(v.clone())
                }
                other => other.clone(),
            };
            out.insert(k.clone(), parsed);
            continue;
        }
        if flattened(e, field) || field.is_some_and(|f| matches!(e.location_of(f), Location::Path | Location::Header)) {
            if let Some(text) = as_wire_text(v) {
                out.insert(k.clone(), text);
            }
            continue;
        }
        out.insert(k.clone(), v.clone());
    }
    out
}

/// Imports the emitted text and compares it with what went in; `Err` describes a mismatch.
fn check(e: &Entry, values: &Value, region: &str, text: &str, tally: &mut Tally) -> Result<(), String> {
    let got: Imported = import_curl(text, index()).map_err(|err| format!("import failed: {err}\n{text}"))?;
    roundtrip::compare(e, values, region, text, got, normalise, tally)
}

fn credentials_for(e: &Entry) -> Credentials {
    match e.cloud {
        cloudreq_core::Cloud::Otc => Credentials::Token { token: Secret::new("token-abc") },
        _ => Credentials::AccessKey {
            access_key_id: "AKID-ROUNDTRIP".into(),
            secret: Secret::new("secret-roundtrip"),
            session_token: Some(Secret::new("session-roundtrip")),
        },
    }
}

#[test]
fn every_documented_example_and_every_sample_round_trips() {
    let mut per_cloud: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut samples: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    let mut examples_total = 0;
    for e in &catalog().entries {
        let tally = per_cloud.entry(e.cloud.as_str()).or_default();
        for (n, ex) in e.examples.iter().enumerate() {
            examples_total += 1;
            let imported = import_example(e, &ex.url, ex.body.as_ref()).unwrap_or_else(|err| panic!("{} example {n}: {err}", e.id));
            let region = ex.region.clone().or(imported.region).unwrap_or_else(|| e.endpoint.default_region.clone());
            // Every other example is signed, so both the placeholders and real auth headers are
            // read as auth.
            let creds = credentials_for(e);
            let signing = (n % 2 == 1).then(|| Signing {
                credentials: &creds,
                at: UtcTime(1_737_705_600),
                nonce: Some("nonce-1".into()),
                tencent_sign_action: n % 4 == 3,
            });
            let Some(text) = emitted(e, &imported.values, &region, signing) else {
                tally.skipped += 1;
                continue;
            };
            if let Err(why) = check(e, &imported.values, &region, &text, tally) {
                failures.push(format!("{} example {n}: {why}", e.id));
            }
        }
        let values = sample_values(e);
        let region = e.endpoint.default_region.clone();
        let tally = samples.entry(e.cloud.as_str()).or_default();
        let Some(text) = emitted(e, &values, &region, None) else {
            tally.skipped += 1;
            continue;
        };
        if let Err(why) = check(e, &values, &region, &text, tally) {
            failures.push(format!("{} sample values: {why}", e.id));
        }
    }
    for (label, tallies) in [("examples", &per_cloud), ("samples", &samples)] {
        for (cloud, t) in tallies {
            eprintln!(
                "{label} {cloud}: {} exact, {} after normalising, {} with unknown members listed, {} not buildable",
                t.exact, t.normalised, t.listed_unknown, t.skipped
            );
        }
    }
    let shown: Vec<&String> = failures.iter().take(15).collect();
    assert!(
        failures.is_empty(),
        "{} of the round trips failed:\n{}",
        failures.len(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n\n")
    );
    assert!(examples_total > 300, "only {examples_total} examples: the catalog lost its examples?");
    for cloud in ["tencent", "alibaba", "huawei", "otc"] {
        let (t, s) = (&per_cloud[cloud], &samples[cloud]);
        assert!(t.exact + t.normalised + t.listed_unknown > 0, "{cloud}: no documented example round-tripped");
        assert!(s.exact + s.normalised + s.listed_unknown > 50, "{cloud}: few sample values round-tripped");
        assert_eq!(t.skipped + s.skipped, 0, "{cloud}: an example or sample does not build");
    }
}

/// The golden fixtures' tricky text (quotes, `$`, backticks, `!`, line breaks, tabs, non-ASCII,
/// emoji) survives emit → import exactly.
#[test]
fn tricky_text_survives_the_round_trip() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for file in std::fs::read_dir(&dir).unwrap() {
        let fx: Value = serde_json::from_str(&std::fs::read_to_string(file.unwrap().path()).unwrap()).unwrap();
        let e = entry(fx["entry"].as_str().unwrap());
        let region = fx["region"].as_str().unwrap();
        let text = emitted(e, &fx["values"], region, None).unwrap();
        let got = import_curl(&text, index()).unwrap();
        assert_eq!(got.id, e.id);
        assert_eq!(got.region.as_deref(), Some(region));
        assert!(got.unplaced.is_empty(), "{:?}", got.unplaced);
        let want = normalise(e, &fx["values"], region);
        assert_eq!(normalise(e, &got.values, region), want, "{text}");
        seen += 1;
    }
    assert!(seen >= 2);
    // The Tencent fixture is a JSON body: exact, not even normalised.
    let fx: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("tencent_tricky_text.json")).unwrap()).unwrap();
    let text = emitted(entry("tencent.emr.ScaleOutInstance"), &fx["values"], "ap-guangzhou", None).unwrap();
    assert_eq!(import_curl(&text, index()).unwrap().values, fx["values"]);
}

/// Each awkward character, alone, in a Tencent JSON body and an Alibaba query parameter.
#[test]
fn every_awkward_character_round_trips() {
    let awkward = [
        "'",
        "\"",
        "'\\''",
        "$HOME",
        "${x}",
        "`date`",
        "$(id)",
        "!!",
        "!x",
        "\\",
        "\\\\n",
        "\n",
        "\r\n",
        "\t",
        "é",
        "数据",
        "🚀",
        "☁️",
        "\u{2018}x\u{2019}",
        "%20",
        "+",
        "&a=b",
        "#c",
        " ",
        "",
        "\u{7f}",
        "a\u{0}b",
    ];
    let tencent = entry("tencent.emr.ScaleOutInstance");
    let alibaba = entry("alibaba.emr.IncreaseNodes");
    for text in awkward {
        let values = json!({"InstanceId": "emr-1", "ClientToken": text, "TimeSpan": 1, "TimeUnit": "s", "PayMode": 0});
        let emitted_text = emitted(tencent, &values, "ap-guangzhou", None).unwrap();
        let got = import_curl(&emitted_text, index()).unwrap_or_else(|e| panic!("{text:?}: {e}\n{emitted_text}"));
        assert_eq!(got.values["ClientToken"], json!(text), "{emitted_text}");

        let values = json!({"ClusterId": text, "NodeGroupId": "ng-1", "IncreaseNodeCount": 1, "RegionId": "cn-hangzhou"});
        let emitted_text = emitted(alibaba, &values, "cn-hangzhou", None).unwrap();
        let got = import_curl(&emitted_text, index()).unwrap_or_else(|e| panic!("{text:?}: {e}\n{emitted_text}"));
        assert_eq!(got.values["ClusterId"], json!(text), "{emitted_text}");
    }
}

#[test]
fn flattened_parameters_come_back_typed_by_the_catalog() {
    let text = "curl -X POST 'https://emr.cn-hangzhou.aliyuncs.com/?ApplicationConfigs.1.ApplicationName=HDFS&ApplicationConfigs.2.ApplicationName=YARN&AutoPayOrder=false&ClusterId=c-1&IncreaseNodeCount=3&NodeGroupId=ng-1&RegionId=cn-hangzhou' -H 'x-acs-action: IncreaseNodes' -H 'x-acs-version: 2021-03-20'";
    let got = import_curl(text, index()).unwrap();
    assert_eq!(got.id, "alibaba.emr.IncreaseNodes");
    assert_eq!(got.region.as_deref(), Some("cn-hangzhou"));
    assert_eq!(got.values["IncreaseNodeCount"], json!(3));
    assert_eq!(got.values["AutoPayOrder"], json!(false));
    assert_eq!(got.values["ApplicationConfigs"], json!([{"ApplicationName": "HDFS"}, {"ApplicationName": "YARN"}]));
    assert!(got.unplaced.is_empty(), "{:?}", got.unplaced);
}

/// Tencent's API Explorer and docs write the action and region as headers and the parameters
/// as a JSON body, with double quotes and `$`-variables for the credentials.
#[test]
fn a_tencent_documentation_style_command() {
    let text = r#"curl -X POST https://cvm.tencentcloudapi.com \
-H "Authorization: TC3-HMAC-SHA256 Credential=$SECRET_ID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=$SIGNATURE" \
-H "Content-Type: application/json; charset=utf-8" \
-H "Host: cvm.tencentcloudapi.com" \
-H "X-TC-Action: DescribeInstances" \
-H "X-TC-Timestamp: 1551113065" \
-H "X-TC-Version: 2017-03-12" \
-H "X-TC-Region: ap-guangzhou" \
-d '{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}'"#;
    let got = import_curl(text, index()).unwrap();
    assert_eq!(got.id, "tencent.cvm.DescribeInstances");
    assert_eq!(got.region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(got.values, json!({"Limit": 1, "Filters": [{"Values": ["未命名"], "Name": "instance-name"}]}));
    assert!(got.unplaced.is_empty(), "{:?}", got.unplaced);
}

/// A regional Tencent host the catalog does not list still finds the service and region.
#[test]
fn a_regional_tencent_host() {
    let text =
        "curl https://cvm.ap-shanghai.tencentcloudapi.com -H 'X-TC-Action: DescribeRegions' -H 'X-TC-Version: 2017-03-12' --json '{}'";
    let got = import_curl(text, index()).unwrap();
    assert_eq!(got.id, "tencent.cvm.DescribeRegions");
    assert_eq!(got.region.as_deref(), Some("ap-shanghai"));
    // --json also sends `Accept: application/json`, which no field takes.
    assert_eq!(got.unplaced, ["header:Accept"]);
}

/// Alibaba's RPC examples put `Action` and `Version` in the query, with the version 2
/// signature's parameters beside them.
#[test]
fn an_alibaba_rpc_url_with_action_in_the_query() {
    let text = "curl 'https://ecs.cn-hangzhou.aliyuncs.com/?Action=DescribeInstances&Version=2014-05-26&RegionId=cn-hangzhou&PageSize=10&DryRun=true&Tag.1.Key=env&Format=JSON&AccessKeyId=testid&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D'";
    let got = import_curl(text, index()).unwrap();
    assert_eq!(got.id, "alibaba.ecs.DescribeInstances");
    assert_eq!(got.region.as_deref(), Some("cn-hangzhou"));
    assert_eq!(got.values, json!({"RegionId": "cn-hangzhou", "PageSize": 10, "DryRun": true, "Tag": [{"Key": "env"}]}));
    // `Format` is a common parameter no field of the operation takes: named, not dropped.
    assert_eq!(got.unplaced, ["Format"]);
}

/// A browser's "Copy as cURL (bash)": lower-case headers, `--data-raw $'…'`, `--compressed`.
#[test]
fn a_browser_copy_as_curl() {
    let text = r#"curl 'https://ddm.ap-southeast-1.myhuaweicloud.com/v2/619d3e78f61b4be68bc5aa0b59edcf7b/instances/1f5c9fd6cd984056ba89c8c87cc03278in09/action/enlarge' \
  -H 'accept: */*' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'content-type: application/json;charset=utf-8' \
  -H 'x-auth-token: MIIZ...' \
  -H 'sec-fetch-mode: cors' \
  --data-raw $'{"flavor_id":"8f2e696c-a9c1-30bd-af90-25522bc67606","node_number":2,"group_id":"it\'s \u00e9"}' \
  --compressed"#;
    let got = import_curl(text, index()).unwrap();
    assert_eq!(got.id, "huawei.ddm.ExpandInstanceNodes");
    assert_eq!(got.region.as_deref(), Some("ap-southeast-1"));
    assert_eq!(got.values["project_id"], json!("619d3e78f61b4be68bc5aa0b59edcf7b"));
    assert_eq!(got.values["instance_id"], json!("1f5c9fd6cd984056ba89c8c87cc03278in09"));
    assert_eq!(got.values["node_number"], json!(2));
    assert_eq!(got.values["group_id"], json!("it's é"));
    // The browser's own headers are named; the token is auth, so it is not.
    assert_eq!(got.unplaced, ["header:accept", "header:accept-language", "header:sec-fetch-mode"]);
}

/// Overlapping templates: a literal segment beats a placeholder.
#[test]
fn the_most_literal_template_wins() {
    let catalog_ops: Vec<&Entry> = catalog().entries.iter().filter(|e| e.cloud == cloudreq_core::Cloud::Huawei).collect();
    let mut checked = 0;
    for a in &catalog_ops {
        for b in &catalog_ops {
            if a.id == b.id || a.method != b.method || a.endpoint.host != b.endpoint.host {
                continue;
            }
            let (sa, sb): (Vec<&str>, Vec<&str>) = (a.path.split('/').collect(), b.path.split('/').collect());
            // a has a literal where b has a placeholder, and they agree elsewhere.
            let overlaps = sa.len() == sb.len()
                && sa.iter().zip(&sb).all(|(x, y)| x == y || y.starts_with('{'))
                && sa.iter().zip(&sb).any(|(x, y)| !x.starts_with('{') && y.starts_with('{'));
            if !overlaps || a.fields.iter().any(|f| f.required && a.location_of(f) == Location::Body) {
                continue;
            }
            let path: String = sa.iter().map(|s| if s.starts_with('{') { "p1" } else { s }).collect::<Vec<_>>().join("/");
            let host = a.endpoint.host.replace("{region}", &a.endpoint.default_region);
            let text = format!("curl -X {} 'https://{host}{path}'", a.method);
            let got = import_curl(&text, index()).unwrap();
            assert_eq!(got.id, a.id, "{text} is {} (not {})", a.id, b.id);
            checked += 1;
        }
    }
    assert!(checked > 0, "no overlapping templates left to check");
}

#[test]
fn failures_are_typed_and_say_why() {
    let unknown_host = import_curl("curl https://example.com/", index()).unwrap_err();
    assert!(matches!(unknown_host, ImportError::Unrecognised(_)), "{unknown_host}");
    assert!(unknown_host.to_string().contains("example.com"));
    let unknown_action = import_curl("curl https://cvm.tencentcloudapi.com -H 'X-TC-Action: NoSuchThing'", index()).unwrap_err();
    assert!(unknown_action.to_string().contains("NoSuchThing"), "{unknown_action}");
    let unknown_path = import_curl("curl -X DELETE https://ddm.ap-southeast-1.myhuaweicloud.com/nowhere", index()).unwrap_err();
    assert!(unknown_path.to_string().contains("/nowhere"), "{unknown_path}");
    assert!(matches!(import_curl("curl 'https://x", index()), Err(ImportError::Quoting(_))));
    assert!(matches!(import_curl("http GET https://x", index()), Err(ImportError::NotCurl(_))));
    assert!(matches!(import_curl("", index()), Err(ImportError::Empty)));
    let boxed: Box<dyn std::error::Error> = Box::new(unknown_host);
    assert!(!boxed.to_string().is_empty());
}

/// Unknown options, extra words, files and a pipe after the command are named, not fatal.
#[test]
fn what_curl_does_that_import_cannot_is_named() {
    let text = "curl --frobnicate -d @body.json 'https://cvm.tencentcloudapi.com/' extra -H 'X-TC-Action: DescribeRegions' | jq .";
    let got = import_curl(text, index()).unwrap();
    assert_eq!(got.id, "tencent.cvm.DescribeRegions");
    for name in ["option:--frobnicate", "option:-d @body.json", "argument:extra", "shell:| jq ."] {
        assert!(got.unplaced.iter().any(|u| u == name), "{name} missing from {:?}", got.unplaced);
    }
    let words = split_command("curl 'a'\"b\"$'c' # x").unwrap().0;
    assert_eq!(words, ["curl", "abc"]);
    assert!(parse_curl("curl --url").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = import_curl(&text, index());
        let _ = import_curl(&format!("curl {text}"), index());
    }

    #[test]
    fn shell_like_text_never_panics(parts in prop::collection::vec(prop_oneof![
        Just("curl".to_string()), Just(" ".to_string()), Just("'".to_string()), Just("\"".to_string()),
        Just("$'".to_string()), Just("\\".to_string()), Just("\n".to_string()), Just("-H".to_string()),
        Just("-d".to_string()), Just("-X".to_string()), Just("#".to_string()), Just("\\x".to_string()),
        Just("\\u12".to_string()), Just("\\U0011FFFF".to_string()), Just("\\777".to_string()), Just("\\c".to_string()),
        Just("https://emr.cn-hangzhou.aliyuncs.com/?A.1.B.99999999=x&Action=IncreaseNodes".to_string()),
        Just("https://ddm.ap-southeast-1.myhuaweicloud.com/v2/p/instances".to_string()),
        Just("X-TC-Action: ScaleOutInstance".to_string()), Just("{\"a\":[1,{\"b\":null}]}".to_string()),
        "[ -~]{0,8}",
    ], 0..30)) {
        let _ = import_curl(&parts.concat(), index());
    }

    #[test]
    fn garbled_emitted_commands_never_panic(entry_ix in 0usize..1217, cut in any::<usize>(), insert in "\\PC{0,6}") {
        let entries = &catalog().entries;
        let e = &entries[entry_ix % entries.len()];
        if let Some(text) = emitted(e, &sample_values(e), &e.endpoint.default_region, None) {
            let mut at = cut % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let _ = import_curl(&format!("{}{insert}{}", &text[..at], &text[at..]), index());
            let _ = import_curl(&text[..at], index());
        }
    }
}
