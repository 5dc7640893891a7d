//! The server's log. Names in it come from callers, so every line is escaped (no control
//! character reaches a terminal or forges a line), every value is capped, and the lines kept
//! in memory are bounded in count and in bytes.

use std::collections::VecDeque;

/// Log lines kept in memory at most (the oldest go first).
pub const KEPT_LOG_LINES: usize = 10_000;
/// Bytes of log lines kept in memory at most.
pub const KEPT_LOG_BYTES: usize = 1024 * 1024;
/// Longest log line, in characters, after escaping (longer ones are cut and say so).
pub const MAX_LINE_CHARS: usize = 1024;
/// Longest caller-given value (a path, a header name) written into a line, in characters.
pub const MAX_VALUE_CHARS: usize = 120;

/// Whether `c` must not reach a log as itself: control characters and the invisible
/// formatting characters that reorder or hide text on a terminal.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// `value` as it may be printed: control and formatting characters written as escapes
/// (`\n`, `\u{1b}`), a backslash doubled, and cut after `max_chars` characters with a note of
/// how many bytes were left out.
pub fn shown(value: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(value.len().min(max_chars + 32));
    for (count, (at, c)) in value.char_indices().enumerate() {
        if count == max_chars {
            out.push_str(&format!("…(+{} bytes)", value.len() - at));
            break;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The latest log lines, bounded by [`KEPT_LOG_LINES`] and [`KEPT_LOG_BYTES`].
#[derive(Debug, Default)]
pub struct KeptLog {
    lines: VecDeque<String>,
    bytes: usize,
}

impl KeptLog {
    /// Adds a line (already escaped), dropping the oldest lines to stay within the bounds.
    pub fn push(&mut self, line: String) {
        while !self.lines.is_empty() && (self.lines.len() >= KEPT_LOG_LINES || self.bytes + line.len() > KEPT_LOG_BYTES) {
            if let Some(old) = self.lines.pop_front() {
                self.bytes -= old.len();
            }
        }
        self.bytes += line.len();
        self.lines.push_back(line);
    }

    /// The kept lines, oldest first.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.lines.iter().map(String::as_str)
    }

    /// Number of kept lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether no line is kept.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Bytes of the kept lines.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_caps() {
        assert_eq!(shown("a\nb\x1b[2J\\ é\u{202e}", 100), "a\\nb\\u{1b}[2J\\\\ é\\u{202e}");
        assert_eq!(shown("abcdef", 3), "abc…(+3 bytes)");
        assert_eq!(shown("abc", 3), "abc");
    }
}
