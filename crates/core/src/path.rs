//! Field paths such as `extend_param.period_num` or `ApplicationConfigs[3].ConfigItemKey`
//! (array indexes are 0-based, as in the JSON values).

use serde_json::Value;

/// Appends a member name to a path.
pub fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// Appends an array index to a path.
pub fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// Looks up a dotted member path (no indexes) inside `value`.
pub fn lookup<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = value;
    for part in path.split('.') {
        cur = cur.as_object()?.get(part)?;
    }
    Some(cur)
}

/// Whether the value counts as given: present and not `null`.
pub fn is_present(value: Option<&Value>) -> bool {
    !matches!(value, None | Some(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookup_follows_members() {
        let v = json!({"a": {"b": 3}});
        assert_eq!(lookup(&v, "a.b"), Some(&json!(3)));
        assert_eq!(lookup(&v, "a.c"), None);
        assert_eq!(lookup(&v, "a.b.c"), None);
        assert_eq!(join("", "x"), "x");
        assert_eq!(index(&join("A", "B"), 2), "A.B[2]");
    }
}
