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

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// An object member.
    Key(String),
    /// An array index (0-based).
    Index(usize),
}

/// Splits `a.b[3].c` into segments; `None` for malformed paths.
pub fn parse(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() {
            return None;
        }
        out.push(Segment::Key(name.to_string()));
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Segment::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The value at a full path (with indexes).
pub fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = value;
    for seg in parse(path)? {
        cur = match seg {
            Segment::Key(k) => cur.as_object()?.get(&k)?,
            Segment::Index(i) => cur.as_array()?.get(i)?,
        };
    }
    Some(cur)
}

/// Sets (`Some`) or removes (`None`) the value at `path`, creating objects and arrays on the
/// way. Removing the last member of an object also removes the emptied object (but never an
/// array item, so row positions stay put). Malformed paths are ignored.
pub fn set(root: &mut Value, path: &str, new: Option<Value>) {
    let Some(segs) = parse(path) else { return };
    set_in(root, &segs, new);
}

fn set_in(cur: &mut Value, segs: &[Segment], new: Option<Value>) {
    let Some((head, tail)) = segs.split_first() else { return };
    match head {
        Segment::Key(k) => {
            if !cur.is_object() {
                if new.is_none() {
                    return;
                }
                *cur = Value::Object(Default::default());
            }
            let Some(map) = cur.as_object_mut() else { return };
            if tail.is_empty() {
                match new {
                    Some(v) => {
                        map.insert(k.clone(), v);
                    }
                    None => {
                        map.remove(k);
                    }
                }
                return;
            }
            if new.is_none() && !map.contains_key(k) {
                return;
            }
            let child = map.entry(k.clone()).or_insert(Value::Null);
            set_in(child, tail, new.clone());
            let emptied = matches!(child, Value::Object(m) if m.is_empty()) || child.is_null();
            if new.is_none() && emptied {
                map.remove(k);
            }
        }
        Segment::Index(i) => {
            if !cur.is_array() {
                if new.is_none() {
                    return;
                }
                *cur = Value::Array(Vec::new());
            }
            let Some(items) = cur.as_array_mut() else { return };
            while items.len() <= *i {
                if new.is_none() {
                    return;
                }
                items.push(Value::Null);
            }
            if tail.is_empty() {
                items[*i] = new.unwrap_or(Value::Null);
            } else {
                set_in(&mut items[*i], tail, new);
            }
        }
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_get_set_remove() {
        assert_eq!(parse("A[2].b"), Some(vec![Segment::Key("A".into()), Segment::Index(2), Segment::Key("b".into())]));
        assert_eq!(parse("A[x]"), None);
        assert_eq!(parse("a..b"), None);
        let mut v = json!({});
        set(&mut v, "extend_param.period_num", Some(json!(3)));
        assert_eq!(v, json!({"extend_param": {"period_num": 3}}));
        set(&mut v, "rows[1].k", Some(json!("x")));
        assert_eq!(get(&v, "rows[1].k"), Some(&json!("x")));
        assert_eq!(v["rows"][0], Value::Null);
        set(&mut v, "extend_param.period_num", None);
        assert_eq!(v.get("extend_param"), None, "emptied object removed");
        set(&mut v, "rows[1].k", None);
        assert_eq!(v["rows"], json!([null, {}]), "array items (rows) stay, even when emptied");
        set(&mut v, "nothing.here", None);
        assert!(v.get("nothing").is_none());
    }
}
