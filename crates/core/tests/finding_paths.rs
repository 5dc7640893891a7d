//! Every finding carries its path twice: as text (what the page names inputs by) and as a
//! [`FieldPath`]. The text must parse back to the same path, and the path must lead into the
//! values wherever the finding is about a value that is there.

use cloudreq_core::catalog::catalog;
use cloudreq_core::path::FieldPath;
use cloudreq_core::validate::validate;
use serde_json::json;

#[test]
fn finding_paths_parse_back_and_lead_to_the_value() {
    let cases = [
        (
            "huawei.ddm.CreateInstance",
            json!({"project_id": "p", "instance": {"name": "1abc", "flavor_id": "f", "node_num": "12a", "engine_id": "e", "available_zones": [], "vpc_id": "v", "security_group_id": "s", "subnet_id": "n"}, "extend_param": {"charge_mode": "prePaid"}}),
        ),
        (
            "alibaba.emr.IncreaseNodes",
            json!({"ClusterId": "c", "NodeGroupId": "n", "IncreaseNodeCount": 0, "ApplicationConfigs": [{"ApplicationName": "HDFS"}, {"ConfigItemKey": 5}], "Bogus": 1}),
        ),
        ("tencent.emr.ScaleOutInstance", json!({"TimeUnit": "x", "TimeSpan": -1, "InstanceId": "", "PayMode": 7, "Tags": [{"TagKey": 1}]})),
    ];
    let mut followed = 0;
    for (id, values) in cases {
        let findings = validate(catalog().get(id).unwrap(), &values);
        assert!(findings.len() >= 3, "{id}: {findings:?}");
        for f in &findings {
            // The text the page names inputs by reads back as the same path.
            let text = f.path.to_string();
            assert_eq!(text.parse::<FieldPath>().as_ref(), Ok(&f.path), "{id}: {text}");
            if let Some(v) = cloudreq_core::path::get(&values, &text) {
                assert_eq!(f.path.get(&values), Some(v), "{id}: {text}");
                followed += 1;
            }
        }
    }
    assert!(followed >= 6, "only {followed} findings pointed at a present value");
    let nested = validate(
        catalog().get("alibaba.emr.IncreaseNodes").unwrap(),
        &json!({"ClusterId": "c", "NodeGroupId": "n", "IncreaseNodeCount": 1, "ApplicationConfigs": [{}, {"ConfigItemKey": 5}]}),
    );
    assert!(nested.iter().any(|f| f.path == FieldPath::root().key("ApplicationConfigs").index(1).key("ConfigItemKey")), "{nested:?}");
}
