//! Import round trips through the clouds' own command-line tools: the `tccli` command cloudreq
//! writes for a Tencent operation, the `aliyun` command for an Alibaba one and the `hcloud`
//! command for a Huawei one import back to the same operation, region and values, for every
//! documented example and the sample values of every operation of those clouds; the awkward
//! characters survive; garbled commands never panic.
//!
//! What the comparison forgives is what the curl round trip forgives (see import_roundtrip.rs),
//! plus, for `tccli` and `hcloud`, that a value is written as text: a leaf compares as text
//! when the catalog types its field as a string (`"10"` and `10` are the same option).

use cloudreq_core::catalog::{catalog, Encoding, Entry, FieldType, Style};
use cloudreq_core::emit::Target;
use cloudreq_core::import::{command_kind, id_from_command, import_command, CommandKind, ImportError, Imported, Index};
use cloudreq_core::pipeline::{run, Input};
use cloudreq_core::request::import as import_example;
use cloudreq_core::sample::sample_values;
use cloudreq_core::Cloud;
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

fn target(cloud: Cloud) -> Option<Target> {
    match cloud {
        Cloud::Tencent => Some(Target::Tccli),
        Cloud::Alibaba => Some(Target::Aliyun),
        Cloud::Huawei => Some(Target::Hcloud),
        _ => None,
    }
}

fn emitted(e: &Entry, values: &Value, region: &str, t: Target) -> Option<String> {
    let out = run(&Input { entry: e, values, region, signing: None, targets: &[t] });
    out.text(t).map(str::to_string)
}

/// Leaves as text; nulls and empty containers gone.
fn as_text(v: &Value, keep_empty: bool) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::String(_) => Some(v.clone()),
        Value::Number(n) => Some(Value::String(n.to_string())),
        Value::Bool(b) => Some(Value::String(b.to_string())),
        Value::Array(items) => {
            let items: Vec<Value> = items.iter().map(|i| as_text(i, keep_empty).unwrap_or(Value::Null)).collect();
            match items.iter().rposition(|i| !i.is_null()) {
                Some(last) => Some(Value::Array(items[..=last].to_vec())),
                None if keep_empty && items.is_empty() => Some(Value::Array(Vec::new())),
                None => None,
            }
        }
        Value::Object(map) => {
            let map: Map<String, Value> = map.iter().filter_map(|(k, v)| Some((k.clone(), as_text(v, keep_empty)?))).collect();
            (keep_empty || !map.is_empty()).then_some(Value::Object(map))
        }
    }
}

/// What the form holds after an import, compared leaf by leaf as text (see the header).
fn normalise(e: &Entry, values: &Value, region: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(map) = values.as_object() else { return out };
    for (k, v) in map {
        if v.is_null() {
            continue;
        }
        let field = e.field(k);
        if field.is_some_and(|f| f.region_default) && v.as_str() == Some(region) && e.cloud == Cloud::Alibaba {
            continue;
        }
        let v = match field.filter(|f| f.encode == Some(Encoding::Json) && matches!(f.ty, FieldType::Array | FieldType::Object)) {
            Some(_) => match v {
                Value::String(text) => {
                    serde_json::from_str::<Value>(text).ok().filter(|p| p.is_array() || p.is_object()).unwrap_or(v.clone())
                }
                other => other.clone(),
            },
            None => v.clone(),
        };
        // Alibaba RPC flattening drops empty lists and objects; tccli and hcloud keep them.
        let rpc = e.style == Style::Rpc && field.is_none_or(|f| f.encode.is_none());
        if let Some(text) = as_text(&v, !rpc) {
            out.insert(k.clone(), text);
        }
    }
    out
}

fn check(e: &Entry, values: &Value, region: &str, text: &str, tally: &mut Tally) -> Result<(), String> {
    let got: Imported = import_command(text, index()).map_err(|err| format!("import failed: {err}\n{text}"))?;
    roundtrip::compare(e, values, region, text, got, normalise, tally)
}

#[test]
fn every_example_and_sample_round_trips_through_the_vendor_cli() {
    let mut tallies: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    for e in &catalog().entries {
        let Some(t) = target(e.cloud) else { continue };
        let mut cases: Vec<(String, Value, String)> = Vec::new();
        for (n, ex) in e.examples.iter().enumerate() {
            let imported = import_example(e, &ex.url, ex.body.as_ref()).unwrap_or_else(|err| panic!("{} example {n}: {err}", e.id));
            let region = ex.region.clone().or(imported.region).unwrap_or_else(|| e.endpoint.default_region.clone());
            cases.push((format!("example {n}"), imported.values, region));
        }
        cases.push(("sample values".into(), sample_values(e), e.endpoint.default_region.clone()));
        for (label, values, region) in cases {
            let kind = if label.starts_with("example") { "examples" } else { "samples" };
            let tally = tallies.entry((e.cloud.as_str(), kind)).or_default();
            let Some(text) = emitted(e, &values, &region, t) else {
                tally.skipped += 1;
                continue;
            };
            if let Err(why) = check(e, &values, &region, &text, tally) {
                failures.push(format!("{} {label}: {why}", e.id));
            }
        }
    }
    for ((cloud, kind), t) in &tallies {
        eprintln!(
            "{kind} {cloud}: {} exact, {} after normalising, {} with unknown members listed, {} not offered",
            t.exact, t.normalised, t.listed_unknown, t.skipped
        );
    }
    assert!(
        failures.is_empty(),
        "{} round trips failed:\n{}",
        failures.len(),
        failures.iter().take(12).cloned().collect::<Vec<_>>().join("\n\n")
    );
    for cloud in ["tencent", "alibaba"] {
        for kind in ["examples", "samples"] {
            let t = &tallies[&(cloud, kind)];
            assert!(t.exact + t.normalised + t.listed_unknown > 0, "{cloud} {kind}: nothing round-tripped");
            assert_eq!(t.skipped, 0, "{cloud} {kind}: a command was not offered");
        }
    }
}

const AWKWARD: [&str; 24] = [
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
];

/// Each awkward character in a Tencent string parameter (tccli) and an Alibaba one (aliyun),
/// also at the start of a value (`-x`, which the emitters write as `--Name=-x`).
#[test]
fn every_awkward_character_round_trips() {
    let tencent = catalog().get("tencent.emr.ScaleOutInstance").unwrap();
    let alibaba = catalog().get("alibaba.emr.IncreaseNodes").unwrap();
    for text in AWKWARD.iter().flat_map(|t| [t.to_string(), format!("-{t}"), format!("a{t}b")]) {
        let values = json!({"InstanceId": "emr-1", "ClientToken": text, "TimeSpan": 1, "TimeUnit": "s", "PayMode": 0});
        let command = emitted(tencent, &values, "ap-guangzhou", Target::Tccli).unwrap();
        let got = import_command(&command, index()).unwrap_or_else(|e| panic!("{text:?}: {e}\n{command}"));
        assert_eq!(got.values, values, "{command}");
        assert!(got.unplaced.is_empty(), "{:?}", got.unplaced);

        let values = json!({"ClusterId": text, "NodeGroupId": "ng-1", "IncreaseNodeCount": 1, "RegionId": "cn-hangzhou"});
        let command = emitted(alibaba, &values, "cn-hangzhou", Target::Aliyun).unwrap();
        let got = import_command(&command, index()).unwrap_or_else(|e| panic!("{text:?}: {e}\n{command}"));
        assert_eq!(got.values, values, "{command}");
        assert_eq!(got.region.as_deref(), Some("cn-hangzhou"));
        assert!(got.unplaced.is_empty(), "{:?}", got.unplaced);
    }
}

/// Written by hand the way the vendors' docs write them: credentials options recognised and
/// not listed, unknown parameters and options named.
#[test]
fn hand_written_commands() {
    let got = import_command(
        "tccli cvm DescribeInstances --secretId AKID --secretKey sk --profile p --region ap-shanghai --Limit 1 \
         --Filters '[{\"Name\":\"zone\",\"Values\":[\"ap-shanghai-1\"]}]' --NoSuchParam x --output json --filter Items",
        index(),
    )
    .unwrap();
    assert_eq!(got.id, "tencent.cvm.DescribeInstances");
    assert_eq!(got.region.as_deref(), Some("ap-shanghai"));
    assert_eq!(got.values, json!({"Limit": 1, "Filters": [{"Name": "zone", "Values": ["ap-shanghai-1"]}]}));
    assert_eq!(got.unplaced, ["NoSuchParam", "option:--filter"]);

    let got = import_command(
        "aliyun ecs DescribeInstances --access-key-id AK --access-key-secret SK -p prof --RegionId cn-beijing --PageSize 10 \
         --Tag.1.Key=env --Format JSON --frobnicate-it | jq .",
        index(),
    )
    .unwrap();
    assert_eq!(got.id, "alibaba.ecs.DescribeInstances");
    assert_eq!(got.region.as_deref(), Some("cn-beijing"));
    assert_eq!(got.values, json!({"RegionId": "cn-beijing", "PageSize": 10, "Tag": [{"Key": "env"}]}));
    for name in ["Format", "option:--frobnicate-it", "shell:| jq ."] {
        assert!(got.unplaced.iter().any(|u| u == name), "{name} missing from {:?}", got.unplaced);
    }
    assert!(!got.unplaced.iter().any(|u| u.contains("AK") || u.contains("SK") || u.contains("prof")), "{:?}", got.unplaced);

    assert_eq!(command_kind("# x\n$ tccli cvm A"), Some(CommandKind::Tccli));
    assert_eq!(command_kind("/usr/local/bin/aliyun ecs A"), Some(CommandKind::Aliyun));
    assert_eq!(command_kind("hcloud ECS A"), Some(CommandKind::Hcloud));
    assert_eq!(command_kind("curl x"), Some(CommandKind::Curl));
    assert_eq!(command_kind("{\"tccli\": 1}"), None);
    assert_eq!(id_from_command("tccli cvm DescribeZones --region x").as_deref(), Some("tencent.cvm.DescribeZones"));
    assert_eq!(id_from_command("aliyun ecs DescribeRegions").as_deref(), Some("alibaba.ecs.DescribeRegions"));
    assert_eq!(id_from_command("tccli cvm ../x"), None);
    assert!(matches!(import_command("tccli cvm NoSuchAction", index()), Err(ImportError::Unrecognised(_))));
    assert!(matches!(import_command("aliyun --region x", index()), Err(ImportError::Unrecognised(_))));
    assert!(matches!(import_command("tccli 'cvm", index()), Err(ImportError::Quoting(_))));
}

fn vendor_entries() -> &'static Vec<&'static Entry> {
    static E: OnceLock<Vec<&'static Entry>> = OnceLock::new();
    E.get_or_init(|| catalog().entries.iter().filter(|e| matches!(e.cloud, Cloud::Tencent | Cloud::Alibaba | Cloud::Huawei)).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn garbled_vendor_commands_never_panic(ix in 0usize..2000, cut in any::<usize>(), insert in "\\PC{0,6}") {
        let e = vendor_entries()[ix % vendor_entries().len()];
        let t = target(e.cloud).unwrap();
        if let Some(text) = emitted(e, &sample_values(e), &e.endpoint.default_region, t) {
            let mut at = cut % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let _ = import_command(&format!("{}{insert}{}", &text[..at], &text[at..]), index());
            let _ = import_command(&text[..at], index());
            let _ = id_from_command(&text[..at]);
        }
    }

    #[test]
    fn arbitrary_vendor_text_never_panics(program in prop_oneof![Just("tccli"), Just("aliyun"), Just("hcloud")], text in "\\PC{0,120}") {
        let _ = import_command(&format!("{program} {text}"), index());
        let _ = import_command(&format!("{program} cvm DescribeInstances {text}"), index());
        let _ = import_command(&format!("{program} ecs DescribeInstances --{text}"), index());
    }
}
