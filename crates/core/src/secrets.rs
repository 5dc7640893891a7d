//! Secret fields (a password, a secret key, marked `"secret": true` in the catalog). The form
//! holds their values in memory only: whatever the page keeps or hands out — drafts, history,
//! saved requests, links — passes through here first.

use crate::catalog::{Entry, Field, FieldType};
use crate::path;
use serde_json::Value;

/// What a recorded request shows in place of a secret.
pub const MASK: &str = "<secret, not kept>";

/// Visits every secret value in `values` (through objects and list items): `f(path, value)`
/// may change or take it.
fn visit(fields: &[Field], value: &mut Value, base: &str, f: &mut dyn FnMut(&str, &mut Value) -> bool) {
    let Some(members) = value.as_object_mut() else { return };
    for field in fields {
        let here = path::join(base, &field.name);
        let Some(member) = members.get_mut(&field.name) else { continue };
        if field.secret {
            if !f(&here, member) {
                members.remove(&field.name);
            }
            continue;
        }
        match field.ty {
            FieldType::Object => visit(&field.fields, member, &here, f),
            FieldType::Array => {
                if let (Some(items), Some(item_field)) = (member.as_array_mut(), field.items.as_deref()) {
                    for (i, item) in items.iter_mut().enumerate() {
                        let at = path::index(&here, i);
                        if item_field.secret {
                            if !item.is_null() {
                                f(&at, item);
                                *item = Value::Null;
                            }
                        } else {
                            visit(&item_field.fields, item, &at, f);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `values` without the values of the entry's secret fields, and the paths left out.
pub fn without_secrets(entry: &Entry, values: &Value) -> (Value, Vec<String>) {
    let mut kept = values.clone();
    let mut left_out = Vec::new();
    visit(&entry.fields, &mut kept, "", &mut |at, _| {
        left_out.push(at.to_string());
        false
    });
    (kept, left_out)
}

/// `values` with every secret replaced by [`MASK`] (to record a request without them).
pub fn masked(entry: &Entry, values: &Value) -> Value {
    let mut out = values.clone();
    visit(&entry.fields, &mut out, "", &mut |_, v| {
        *v = Value::String(MASK.into());
        true
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use serde_json::json;

    /// Every field the catalog marks secret, as (id, dotted path without indexes).
    fn secret_fields() -> Vec<(String, String)> {
        fn walk(fields: &[Field], base: &str, out: &mut Vec<String>) {
            for f in fields {
                let here = path::join(base, &f.name);
                if f.secret {
                    out.push(here.clone());
                }
                walk(&f.fields, &here, out);
                if let Some(items) = &f.items {
                    walk(&items.fields, &here, out);
                }
            }
        }
        let mut out = Vec::new();
        for e in &catalog().entries {
            let mut paths = Vec::new();
            walk(&e.fields, "", &mut paths);
            out.extend(paths.into_iter().map(|p| (e.id.clone(), p)));
        }
        out
    }

    #[test]
    fn the_catalog_marks_passwords_and_secret_keys() {
        let marked = secret_fields();
        for (id, p) in [
            ("huawei.ddm.CreateInstance", "instance.admin_user_password"),
            ("otc.ddm.CreateInstance", "instance.admin_user_password"),
            ("tencent.emr.ScaleOutInstance", "PodSpec.CosSecretKey"),
        ] {
            let hit = marked.iter().any(|(i, q)| i == id && q.ends_with(p.rsplit('.').next().unwrap()));
            assert!(hit, "{id} {p} is not marked secret: {marked:?}");
        }
    }

    #[test]
    fn secrets_are_left_out_or_masked_and_nothing_else_changes() {
        let entry = catalog().get("huawei.ddm.CreateInstance").unwrap();
        let values = json!({"project_id": "p", "instance": {"name": "ddm-1", "admin_user_password": "S3cret!pw", "node_num": 2}});
        let (kept, left_out) = without_secrets(entry, &values);
        assert_eq!(left_out, ["instance.admin_user_password"]);
        assert_eq!(kept, json!({"project_id": "p", "instance": {"name": "ddm-1", "node_num": 2}}));
        assert!(!kept.to_string().contains("S3cret"));
        let m = masked(entry, &values);
        assert_eq!(m["instance"]["admin_user_password"], MASK);
        assert_eq!(m["instance"]["name"], "ddm-1");
        // Nothing secret, nothing changed.
        let plain = json!({"project_id": "p", "instance": {"name": "x"}});
        assert_eq!(without_secrets(entry, &plain), (plain.clone(), vec![]));
    }

    #[test]
    fn a_recorded_request_masks_the_secret_and_keeps_the_rest() {
        let entry = catalog().get("huawei.ddm.CreateInstance").unwrap();
        let values = json!({"project_id": "p", "instance": {"name": "ddm-1", "admin_user_password": "S3cret!pw"}});
        let sent = crate::request::build(entry, &values, "ap-southeast-1").unwrap();
        assert!(String::from_utf8_lossy(&sent.body).contains("S3cret!pw"));
        let record = crate::history::record_request(entry, &values, "ap-southeast-1", &sent);
        assert!(!record.body.contains("S3cret") && !record.url.contains("S3cret"), "{record:?}");
        let unmasked = crate::history::redact(&sent);
        assert_eq!(record.body.replace(MASK, "S3cret!pw"), unmasked.body, "only the secret differs");
        assert_eq!(record.url, unmasked.url);
    }
}
