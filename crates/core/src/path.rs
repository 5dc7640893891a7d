//! Field paths such as `extend_param.period_num` or `ApplicationConfigs[3].ConfigItemKey`
//! (array indexes are 0-based, as in the JSON values).
//!
//! [`FieldPath`] is the path as a type: built segment by segment by the validator, parsed once
//! from text, printed in the form above. The free functions taking `&str` serve the page, whose
//! inputs name their fields by that text (DOM ids); each parses its argument once.

use serde_json::Value;
use std::fmt;
use std::str::FromStr;

/// A path to a value inside the values object: member names and array indexes from the root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    segments: Vec<Segment>,
}

impl FieldPath {
    /// The values object itself (printed as the empty text).
    pub fn root() -> FieldPath {
        FieldPath::default()
    }

    /// This path followed by the member `name`.
    pub fn key(&self, name: &str) -> FieldPath {
        let mut segments = Vec::with_capacity(self.segments.len() + 1);
        segments.extend_from_slice(&self.segments);
        segments.push(Segment::Key(name.to_string()));
        FieldPath { segments }
    }

    /// This path followed by the array index `i`.
    pub fn index(&self, i: usize) -> FieldPath {
        let mut segments = Vec::with_capacity(self.segments.len() + 1);
        segments.extend_from_slice(&self.segments);
        segments.push(Segment::Index(i));
        FieldPath { segments }
    }

    /// This path followed by a dotted member path such as the catalog's rules name
    /// (`extend_param.period_num`; no indexes).
    pub fn members(&self, dotted: &str) -> FieldPath {
        let mut out = self.clone();
        out.segments.extend(dotted.split('.').filter(|p| !p.is_empty()).map(|p| Segment::Key(p.to_string())));
        out
    }

    /// The segments, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether this is the root.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// The value at this path.
    pub fn get<'a>(&self, value: &'a Value) -> Option<&'a Value> {
        let mut cur = value;
        for seg in &self.segments {
            cur = match seg {
                Segment::Key(k) => cur.as_object()?.get(k)?,
                Segment::Index(i) => cur.as_array()?.get(*i)?,
            };
        }
        Some(cur)
    }

    /// Sets (`Some`) or removes (`None`) the value at this path, creating objects and arrays
    /// on the way. Removing the last member of an object also removes the emptied object (but
    /// never an array item, so row positions stay put).
    pub fn set(&self, root: &mut Value, new: Option<Value>) {
        set_in(root, &self.segments, new);
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl PartialEq<str> for FieldPath {
    /// Whether `text` is this path written out (`a.b[2].c`; the empty text is the root).
    fn eq(&self, text: &str) -> bool {
        text.parse::<FieldPath>().is_ok_and(|parsed| parsed == *self)
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, text: &&str) -> bool {
        self == *text
    }
}

/// Text that is not a field path (an empty member name, an index that is not a number, an
/// unclosed bracket…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// The text.
    pub text: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a field path (like a.b[2].c)", self.text)
    }
}

impl std::error::Error for PathError {}

impl FromStr for FieldPath {
    type Err = PathError;

    /// Parses `a.b[3].c`; the empty text is the root.
    fn from_str(text: &str) -> Result<FieldPath, PathError> {
        if text.is_empty() {
            return Ok(FieldPath::root());
        }
        parse(text).map(|segments| FieldPath { segments }).ok_or_else(|| PathError { text: text.to_string() })
    }
}

/// Appends a member name to a path (text form of [`FieldPath::key`]).
pub fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// Appends an array index to a path (text form of [`FieldPath::index`]).
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// The value at a full path given as text (see [`FieldPath::get`]); `None` for malformed
/// paths.
pub fn get<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.parse::<FieldPath>().ok().filter(|p| !p.is_root())?.get(value)
}

/// Sets or removes the value at a path given as text (see [`FieldPath::set`]). Malformed
/// paths are ignored.
pub fn set(root: &mut Value, path: &str, new: Option<Value>) {
    if let Ok(path) = path.parse::<FieldPath>() {
        if !path.is_root() {
            path.set(root, new);
        }
    }
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

#[cfg(test)]
mod field_path_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn built_and_parsed_paths_print_the_same_text() {
        let built = FieldPath::root().key("ApplicationConfigs").index(3).key("ConfigItemKey");
        assert_eq!(built.to_string(), "ApplicationConfigs[3].ConfigItemKey");
        assert_eq!("ApplicationConfigs[3].ConfigItemKey".parse::<FieldPath>(), Ok(built.clone()));
        assert_eq!(built.to_string(), join(&index("ApplicationConfigs", 3), "ConfigItemKey"));
        assert_eq!(FieldPath::root().members("extend_param.period_num").to_string(), "extend_param.period_num");
        assert_eq!(FieldPath::root().key("a").index(0).members("b.c").to_string(), "a[0].b.c");
        assert_eq!(FieldPath::root().to_string(), "");
        assert_eq!("".parse::<FieldPath>(), Ok(FieldPath::root()));
        for bad in ["a..b", "a[x]", "a[1", ".a", "a[1]b"] {
            assert!(bad.parse::<FieldPath>().is_err(), "{bad}");
        }
    }

    #[test]
    fn get_and_set_through_the_type() {
        let mut v = json!({"rows": [{"k": 1}]});
        let p: FieldPath = "rows[0].k".parse().unwrap();
        assert_eq!(p.get(&v), Some(&json!(1)));
        p.set(&mut v, Some(json!(2)));
        assert_eq!(v, json!({"rows": [{"k": 2}]}));
        FieldPath::root().key("x").key("y").set(&mut v, Some(json!(true)));
        assert_eq!(v["x"], json!({"y": true}));
        FieldPath::root().key("x").key("y").set(&mut v, None);
        assert!(v.get("x").is_none(), "emptied object removed");
    }
}
