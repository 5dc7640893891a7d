//! Every target renders every operation of its cloud: each catalog operation's sample values
//! (`sample::sample_values`) go through the pipeline, and every target that applies to the
//! operation's cloud gives a non-empty text; the targets that do not apply are refused by
//! `emit_operation` with a reason and are left out of the pipeline's outcome.

use cloudreq_core::catalog::catalog;
use cloudreq_core::emit::{emit_operation, Target};
use cloudreq_core::pipeline::{run, Input};
use cloudreq_core::request::build;
use cloudreq_core::sample::sample_values;
use std::collections::BTreeMap;

#[test]
fn every_target_renders_every_operation_of_its_cloud() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for entry in &catalog().entries {
        let values = sample_values(entry);
        let region = entry.endpoint.default_region.clone();
        let out = run(&Input { entry, values: &values, region: &region, signing: None, targets: &Target::EVERY });
        let Ok(req) = build(entry, &values, &region) else {
            failures.push(format!("{}: the sample values do not build", entry.id));
            continue;
        };
        for target in Target::EVERY {
            let applies = target.applies_to(entry.cloud);
            match (applies, out.render(target)) {
                (true, Some(Ok(text))) if !text.trim().is_empty() => *counts.entry(target.name()).or_default() += 1,
                (true, other) => failures.push(format!("{} {}: {:?} ({:?})", entry.id, target.name(), other, out.operation_text(target))),
                (false, None) => {}
                (false, Some(_)) => failures.push(format!("{} {}: rendered for a cloud it does not apply to", entry.id, target.name())),
            }
            if target.needs_operation() && !applies {
                assert!(emit_operation(entry, &req, &values, &region, target).is_err(), "{} {}", entry.id, target.name());
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    let n = catalog().entries.len();
    assert_eq!(counts["curl"], n);
    let tencent = catalog().entries.iter().filter(|e| e.cloud == cloudreq_core::Cloud::Tencent).count();
    assert_eq!(counts["tccli"], tencent);
    let of = |cloud| catalog().entries.iter().filter(|e| e.cloud == cloud).count();
    assert_eq!(counts["aliyun"], of(cloudreq_core::Cloud::Alibaba));
    assert_eq!(counts["hcloud"], of(cloudreq_core::Cloud::Huawei));
    assert_eq!(counts["python"], n - of(cloudreq_core::Cloud::Otc));
    eprintln!("rendered: {counts:?}");
}
