//! Property tests: validation, assembly, import and emitters never panic on arbitrary values,
//! and every quoting function survives its shell's parsing rules for any text.

use cloudreq_core::catalog::catalog;
use cloudreq_core::emit::{cmd_quote, emit, pwsh_quote, sh_quote, with_auth_placeholders, Target};
use cloudreq_core::request::{build, import};
use cloudreq_core::validate::{validate, validate_region};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![Just("prePaid"), Just("month"), Just("year"), Just("s"), Just("m"), Just("true"), Just("NODE_GROUP")]
            .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[A-Za-z_]{1,8}", inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Replaces the value at a randomly chosen member path of `values` (or adds a member).
fn mutate(values: &mut Value, choices: &[usize], replacement: Value) {
    // Pick the path with shared borrows first, then walk it mutably.
    let mut pointer = String::new();
    let mut cur: &Value = values;
    for &c in choices {
        let next = match cur {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(c % map.len()).unwrap().clone();
                pointer.push_str(&format!("/{}", key.replace('~', "~0").replace('/', "~1")));
                &map[&key]
            }
            Value::Array(items) if !items.is_empty() => {
                pointer.push_str(&format!("/{}", c % items.len()));
                &items[c % items.len()]
            }
            _ => break,
        };
        cur = next;
    }
    if let Some(slot) = values.pointer_mut(&pointer) {
        *slot = replacement;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn nothing_panics_on_mutated_examples(entry_ix in 0usize..catalog().entries.len(), choices in prop::collection::vec(any::<usize>(), 0..4), replacement in arb_json(), region in "[a-z0-9-]{0,12}") {
        let e = &catalog().entries[entry_ix];
        let mut values = cloudreq_core::sample::sample_values(e);
        mutate(&mut values, &choices, replacement);
        let _ = validate(e, &values);
        let _ = validate_region(e, &region);
        if let Ok(req) = build(e, &values, &region) {
            let req = with_auth_placeholders(&req, e.cloud);
            for t in Target::ALL {
                let _ = emit(&req, e.style, t);
            }
        }
    }

    #[test]
    fn nothing_panics_on_arbitrary_values(entry_ix in 0usize..7, values in arb_json()) {
        let e = &catalog().entries[entry_ix];
        let _ = validate(e, &values);
        if let Ok(req) = build(e, &values, "x") {
            for t in Target::ALL {
                let _ = emit(&req, e.style, t);
            }
        }
    }

    #[test]
    fn import_never_panics(entry_ix in 0usize..7, url in "(https?://)?[a-z./{}?&=%0-9A-Z]{0,60}", body in arb_json()) {
        let e = &catalog().entries[entry_ix];
        let _ = import(e, &url, Some(&body));
    }

    #[test]
    fn posix_quoting_round_trips(s in any::<String>()) {
        prop_assume!(!s.contains('\0'));
        prop_assert_eq!(parse_posix_word(&sh_quote(&s)), s);
    }

    #[test]
    fn powershell_quoting_round_trips(s in any::<String>()) {
        prop_assert_eq!(parse_pwsh_single_quoted(&pwsh_quote(&s)), s);
    }

    #[test]
    fn cmd_quoting_round_trips(s in "[ -~]{0,40}") {
        // Printable ASCII: what requests hold (bodies are escaped JSON, queries encoded).
        let quoted = cmd_quote(&s);
        let after_cmd = cmd_line_phase(&quoted);
        prop_assert_eq!(crt_single_argument(&after_cmd), s);
    }
}

/// A POSIX shell word made of single-quoted parts and backslash escapes outside quotes.
fn parse_posix_word(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars();
    let mut in_single = false;
    while let Some(c) = chars.next() {
        match (in_single, c) {
            (true, '\'') => in_single = false,
            (true, c) => out.push(c),
            (false, '\'') => in_single = true,
            (false, '\\') => out.extend(chars.next()),
            (false, c) => panic!("unquoted {c:?} in {word:?}"),
        }
    }
    assert!(!in_single, "unterminated quote in {word:?}");
    out
}

/// A PowerShell verbatim string: `'…'` where a doubled quote mark stands for one.
fn parse_pwsh_single_quoted(word: &str) -> String {
    let is_quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let chars: Vec<char> = word.chars().collect();
    assert!(is_quote(chars[0]) && is_quote(*chars.last().unwrap()));
    let inner = &chars[1..chars.len() - 1];
    let mut out = String::new();
    let mut i = 0;
    while i < inner.len() {
        if is_quote(inner[i]) {
            assert!(i + 1 < inner.len() && is_quote(inner[i + 1]), "lone quote in {word:?}");
            i += 1;
        }
        out.push(inner[i]);
        i += 1;
    }
    out
}

/// What interactive cmd.exe passes on: `"` toggles its quote state; outside quotes `^` escapes
/// the next character (and is removed); `%name%` with an unknown name stays as it is.
fn cmd_line_phase(line: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                out.push(c);
            }
            '^' if !quoted => out.extend(chars.next()),
            '&' | '|' | '<' | '>' if !quoted => panic!("cmd would act on unquoted {c:?} in {line:?}"),
            _ => out.push(c),
        }
    }
    out
}

/// The Microsoft C runtime's splitting of a command line that holds exactly one argument.
fn crt_single_argument(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut quoted = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let start = i;
            while i < chars.len() && chars[i] == '\\' {
                i += 1;
            }
            let n = i - start;
            if i < chars.len() && chars[i] == '"' {
                out.extend(std::iter::repeat_n('\\', n / 2));
                if n % 2 == 1 {
                    out.push('"');
                    i += 1;
                }
            } else {
                out.extend(std::iter::repeat_n('\\', n));
            }
            continue;
        }
        if c == '"' {
            if quoted && i + 1 < chars.len() && chars[i + 1] == '"' {
                out.push('"');
                i += 2;
                continue;
            }
            quoted = !quoted;
            i += 1;
            continue;
        }
        assert!(quoted || !c.is_whitespace(), "argument split at {i} in {line:?}");
        out.push(c);
        i += 1;
    }
    out
}
