//! The labelled rule corpus (tests/rule_corpus/, README.md there): constraints people read in
//! the documentation of sampled operations, each with a value that breaks it and one that keeps
//! it. Every record is run through the validator over the operation's sample values; the test
//! reports recall and false alarms per kind and fails when either crosses its limit in
//! `floor.json`. `CORPUS_REPORT=FILE` also writes the figures and every miss as Markdown.

use cloudreq_core::catalog::catalog;
use cloudreq_core::path::FieldPath;
use cloudreq_core::sample::sample_values;
use cloudreq_core::validate::{validate, Finding};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    op: String,
    fields: Vec<String>,
    kind: String,
    quote: String,
    bad: Map<String, Value>,
    good: Map<String, Value>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Floor {
    /// Least share of records whose bad value is flagged, overall.
    recall: f64,
    /// Most share of records whose good value is flagged, overall.
    false_alarms: f64,
    /// Least recall per kind.
    #[serde(default)]
    per_kind: BTreeMap<String, f64>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rule_corpus")
}

/// `{"$repeat": V, "times": N}` as the list of N copies of V; other values unchanged.
fn expand(value: &Value) -> Value {
    match value {
        Value::Object(o) if o.contains_key("$repeat") => {
            let times = o.get("times").and_then(Value::as_u64).unwrap_or(0) as usize;
            Value::Array(vec![expand(&o["$repeat"]); times])
        }
        Value::Array(items) => Value::Array(items.iter().map(expand).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), expand(v))).collect()),
        other => other.clone(),
    }
}

fn patched(base: &Value, patch: &Map<String, Value>) -> Result<Value, String> {
    let mut values = base.clone();
    for (path, value) in patch {
        let at: FieldPath = path.parse().map_err(|e| format!("path {path}: {e:?}"))?;
        at.set(&mut values, (!value.is_null()).then(|| expand(value)));
    }
    Ok(values)
}

/// Whether `finding` says a value breaks a rule, on one of `fields` or inside one. Findings that
/// a value has no effect (`ignored`) or advice (`hint`) judge no value, so they count neither
/// way.
fn on_fields(finding: &Finding, fields: &[FieldPath]) -> bool {
    !matches!(finding.rule.as_str(), "ignored" | "hint") && fields.iter().any(|f| finding.path.segments().starts_with(f.segments()))
}

struct Outcome {
    record: Record,
    file: String,
    line: usize,
    caught: Vec<Finding>,
    false_alarm: Vec<Finding>,
}

fn run(record: Record, file: &str, line: usize) -> Result<Outcome, String> {
    let entry = catalog().get(&record.op).ok_or_else(|| format!("no operation {}", record.op))?;
    let fields: Vec<FieldPath> =
        record.fields.iter().map(|p| p.parse().map_err(|e| format!("field {p}: {e:?}"))).collect::<Result<_, _>>()?;
    let base = sample_values(entry);
    let bad = validate(entry, &patched(&base, &record.bad)?);
    let good = validate(entry, &patched(&base, &record.good)?);
    let caught = bad.into_iter().filter(|f| on_fields(f, &fields)).collect();
    let false_alarm = good.into_iter().filter(|f| on_fields(f, &fields)).collect();
    Ok(Outcome { record, file: file.to_string(), line, caught, false_alarm })
}

#[derive(Default, Clone, Copy)]
struct Tally {
    records: usize,
    caught: usize,
    false_alarms: usize,
}

impl Tally {
    fn add(&mut self, o: &Outcome) {
        self.records += 1;
        self.caught += usize::from(!o.caught.is_empty());
        self.false_alarms += usize::from(!o.false_alarm.is_empty());
    }
    fn recall(&self) -> f64 {
        if self.records == 0 {
            1.0
        } else {
            self.caught as f64 / self.records as f64
        }
    }
    fn alarm_rate(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.false_alarms as f64 / self.records as f64
        }
    }
}

fn percent(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

#[test]
fn the_labelled_constraints_are_flagged_and_their_valid_values_are_not() {
    let dir = corpus_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/rule_corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let held_out: Vec<String> = std::fs::read_to_string(dir.join("operations.txt"))
        .expect("operations.txt")
        .lines()
        .filter_map(|l| l.strip_prefix("held-out ").map(str::to_string))
        .collect();
    let mut outcomes = Vec::new();
    let mut broken = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(file).expect("corpus file");
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str::<Record>(line).map_err(|e| e.to_string()).and_then(|r| run(r, &name, n + 1)) {
                Ok(o) => outcomes.push(o),
                Err(e) => broken.push(format!("{name}:{}: {e}", n + 1)),
            }
        }
    }
    assert!(broken.is_empty(), "unreadable corpus records:\n{}", broken.join("\n"));

    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_service: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut all, mut dev, mut held) = (Tally::default(), Tally::default(), Tally::default());
    for o in &outcomes {
        by_kind.entry(o.record.kind.clone()).or_default().add(o);
        by_service.entry(o.file.trim_end_matches(".jsonl").to_string()).or_default().add(o);
        all.add(o);
        if held_out.contains(&o.record.op) { &mut held } else { &mut dev }.add(o);
    }
    let mut report = String::new();
    let _ = writeln!(report, "| kind | records | flagged | recall | valid values flagged |\n|---|---|---|---|---|");
    for (kind, t) in by_kind.iter().chain([(&"all".to_string(), &all)]) {
        let _ = writeln!(
            report,
            "| {kind} | {} | {} | {} | {} ({}) |",
            t.records,
            t.caught,
            percent(t.recall()),
            t.false_alarms,
            percent(t.alarm_rate())
        );
    }
    let _ = writeln!(report, "\n| service | records | recall | valid values flagged |\n|---|---|---|---|");
    for (service, t) in &by_service {
        let _ = writeln!(report, "| {service} | {} | {} | {} |", t.records, percent(t.recall()), t.false_alarms);
    }
    let _ = writeln!(
        report,
        "\ndevelopment set: {} records, recall {}, false alarms {}; held-out set: {} records, recall {}, false alarms {}",
        dev.records,
        percent(dev.recall()),
        dev.false_alarms,
        held.records,
        percent(held.recall()),
        held.false_alarms
    );
    let operations: std::collections::BTreeSet<&str> = outcomes.iter().map(|o| o.record.op.as_str()).collect();
    let _ = writeln!(report, "{} records from {} operations", outcomes.len(), operations.len());
    let mut details = String::from("\n## Not flagged\n\n");
    for o in outcomes.iter().filter(|o| o.caught.is_empty()) {
        let _ = writeln!(
            details,
            "- {}:{} {} `{}` ({}): “{}”",
            o.file,
            o.line,
            o.record.op,
            o.record.fields.join(", "),
            o.record.kind,
            o.record.quote
        );
    }
    details.push_str("\n## Valid values flagged\n\n");
    for o in outcomes.iter().filter(|o| !o.false_alarm.is_empty()) {
        let found: Vec<String> = o.false_alarm.iter().map(|f| f.to_string()).collect();
        let _ = writeln!(details, "- {}:{} {} ({}): {}", o.file, o.line, o.record.op, o.record.kind, found.join("; "));
    }
    eprintln!("{report}");
    if let Ok(path) = std::env::var("CORPUS_REPORT") {
        std::fs::write(&path, format!("{report}{details}")).expect("CORPUS_REPORT file");
    }

    let floor: Floor = serde_json::from_str(&std::fs::read_to_string(dir.join("floor.json")).expect("floor.json")).expect("floor.json");
    let mut failures = Vec::new();
    if all.recall() < floor.recall {
        failures.push(format!("recall {} is below the floor {}", percent(all.recall()), percent(floor.recall)));
    }
    if all.alarm_rate() > floor.false_alarms {
        failures.push(format!("false alarms {} exceed {}", percent(all.alarm_rate()), percent(floor.false_alarms)));
    }
    for (kind, least) in &floor.per_kind {
        let got = by_kind.get(kind).copied().unwrap_or_default();
        if got.recall() < *least {
            failures.push(format!("{kind}: recall {} is below the floor {}", percent(got.recall()), percent(*least)));
        }
    }
    assert!(failures.is_empty(), "{}\n{report}{details}", failures.join("\n"));
}
