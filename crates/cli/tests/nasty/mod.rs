//! Nasty text for the shell tests: the characters that break naive quoting, shared by the
//! curl round trip (shell_roundtrip.rs) and the control-character tests (control_chars.rs).

#![allow(dead_code)]

/// A small deterministic generator (xorshift64*), so failures reproduce.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Text mixing the characters that break naive quoting.
    pub fn text(&mut self) -> String {
        const TRICKY: &[&str] = &[
            "'", "\"", "\\", "$", "`", "!", "%", "^", "|", "&", ";", "<", ">", "(", ")", "*", "?", "[", "]", "{", "}", "#", "~", "=", "+",
            "/", ":", ",", "\n", "\t", " ", "  ", "é", "数据", "🚀", "☁️", "\u{2018}", "\u{201C}", "$(id)", "${HOME}", "!!", "%PATH%",
            "\\'", "'\\''", "..", ".", "-", "_", "a", "Z", "0",
        ];
        let n = self.below(12);
        (0..n).map(|_| TRICKY[self.below(TRICKY.len())]).collect()
    }
}

/// The control characters and line separators a value can smuggle into a command line.
pub const CONTROLS: &[char] =
    &['\0', '\u{1}', '\u{7}', '\t', '\n', '\u{b}', '\u{c}', '\r', '\u{1b}', '\u{1f}', '\u{7f}', '\u{85}', '\u{2028}', '\u{2029}'];

impl Rng {
    /// Like [`Rng::text`], with at least one of [`CONTROLS`] somewhere in it.
    pub fn control_text(&mut self) -> String {
        let mut text: Vec<char> = self.text().chars().collect();
        let at = self.below(text.len() + 1);
        text.insert(at, CONTROLS[self.below(CONTROLS.len())]);
        text.into_iter().collect()
    }
}
