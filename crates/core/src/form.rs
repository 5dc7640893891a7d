//! Helpers for form front ends: turning typed text into the JSON a field wants, and back.

use crate::catalog::{Field, FieldType};
use serde_json::Value;

/// The JSON value for text typed into a scalar field. Empty text means "not set" (`None`).
/// Text that does not fit the type is kept as a string, so validation can name the problem
/// (e.g. `12a` in an integer field).
pub fn parse_input(field: &Field, text: &str) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    let value = match field.ty {
        FieldType::Integer => text.trim().parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(text.into())),
        // Written as typed when it is a JSON number (`1` stays 1, not 1.0: the request must be
        // the one the user wrote); other float spellings (`.5`, `+1`) are read as floats.
        FieldType::Number => serde_json::from_str::<serde_json::Number>(text.trim())
            .ok()
            .or_else(|| text.trim().parse::<f64>().ok().filter(|x| x.is_finite()).and_then(serde_json::Number::from_f64))
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(text.into())),
        FieldType::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.into()),
        },
        FieldType::Enum => field
            .values
            .iter()
            .map(|ev| &ev.value)
            .find(|v| display_value(v) == text)
            .cloned()
            .unwrap_or_else(|| Value::String(text.into())),
        _ => Value::String(text.into()),
    };
    Some(value)
}

/// The text an input shows for a value (strings without quotes).
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use serde_json::json;

    fn field(id: &str, name: &str) -> Field {
        catalog().get(id).unwrap().field(name).unwrap().clone()
    }

    #[test]
    fn a_number_is_sent_as_it_was_typed() {
        let f: Field = serde_json::from_value(json!({"name": "Price", "type": "number"})).unwrap();
        for (typed, sent) in [("1", "1"), (" 2 ", "2"), ("1.5", "1.5"), ("-0.25", "-0.25"), ("1e3", "1000.0"), (".5", "0.5"), ("+1", "1.0")]
        {
            assert_eq!(parse_input(&f, typed).map(|v| v.to_string()).as_deref(), Some(sent), "{typed:?}");
        }
        for not_a_number in ["1,5", "abc", "1e400", "NaN"] {
            assert_eq!(parse_input(&f, not_a_number), Some(Value::String(not_a_number.into())), "{not_a_number:?}");
        }
    }

    #[test]
    fn typed_text_becomes_typed_json() {
        let n = field("alibaba.emr.IncreaseNodes", "IncreaseNodeCount");
        assert_eq!(parse_input(&n, "12"), Some(json!(12)));
        assert_eq!(parse_input(&n, "12a"), Some(json!("12a")));
        assert_eq!(parse_input(&n, ""), None);
        let b = field("alibaba.emr.IncreaseNodes", "AutoRenew");
        assert_eq!(parse_input(&b, "true"), Some(json!(true)));
        let e = field("tencent.emr.ScaleOutInstance", "PayMode");
        assert_eq!(parse_input(&e, "1"), Some(json!(1)));
        let s = field("tencent.emr.ScaleOutInstance", "StartServiceAfterScaleOut");
        assert_eq!(parse_input(&s, "true"), Some(json!("true")));
        assert_eq!(display_value(&json!("x")), "x");
        assert_eq!(display_value(&json!(3)), "3");
    }
}
