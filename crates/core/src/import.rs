//! Import: a pasted curl command back into an operation's form values.
//!
//! Three steps, each usable alone:
//! 1. [`split_command`] reads the text as bash, zsh or POSIX sh would split it into words
//!    (single quotes, double quotes with their backslash escapes, `$'…'` ANSI-C quoting,
//!    backslash-newline continuations, `#` comment lines).
//! 2. [`parse_curl`] reads curl's options from the words into a [`WireRequest`]: method, URL,
//!    headers, body. Options it does not know are kept by name, never fatal.
//! 3. [`Index::recognise`] finds the catalog operation (Tencent by `X-TC-Action` and host,
//!    Alibaba by `x-acs-action` or the `Action` parameter and host, Huawei and OTC by method,
//!    path template and host) and [`place`] maps the wire values back onto its fields: the
//!    inverse of [`crate::request::build`].
//!
//! Whatever cannot be placed is named in [`Imported::unplaced`]; credentials and signature
//! headers are recognised as such and neither placed nor listed. Nothing here panics on any
//! input.

use crate::catalog::{Cloud, Encoding, Entry, Field, FieldType, Location, Style};
use crate::request::host_for;
use percent_encoding::percent_decode;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// An operation recognised in a command, with the values read from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// The operation id.
    pub id: String,
    /// The region the command was aimed at, when the host or a header says.
    pub region: Option<String>,
    /// Values keyed by wire name, as the form holds them.
    pub values: Value,
    /// What could not be placed: query or form parameters and body members by wire name,
    /// headers as `header:<Name>`, curl options as `option:<--name>`, other words as
    /// `argument:<word>`.
    pub unplaced: Vec<String>,
}

/// Why a command could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The text holds no command.
    Empty,
    /// The shell quoting is broken (an unterminated quote, a trailing backslash…).
    Quoting(String),
    /// The command is not a curl command.
    NotCurl(String),
    /// An option that needs a value is the last word.
    MissingValue(String),
    /// The command names no URL.
    NoUrl,
    /// The URL cannot be read.
    BadUrl(String),
    /// No catalog operation matches the request.
    Unrecognised(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty => f.write_str("the text holds no command"),
            ImportError::Quoting(why) => write!(f, "the shell quoting is broken: {why}"),
            ImportError::NotCurl(word) => write!(f, "not a curl command (it starts with `{word}`)"),
            ImportError::MissingValue(option) => write!(f, "curl option {option} needs a value"),
            ImportError::NoUrl => f.write_str("the curl command names no URL"),
            ImportError::BadUrl(why) => write!(f, "the URL cannot be read: {why}"),
            ImportError::Unrecognised(why) => write!(f, "no operation in the catalog matches: {why}"),
        }
    }
}

impl std::error::Error for ImportError {}

// ---------------------------------------------------------------------------------------------
// Step 1: shell words
// ---------------------------------------------------------------------------------------------

/// The words of the first command in `text`, as a POSIX shell (bash, zsh, dash) splits them.
/// Leading comment lines and blank lines are skipped; the command ends at an unquoted line
/// break or at `;`, `|`, `&`, `<`, `>` (what follows is returned as the second element, so the
/// caller can say it was not read). Parameter expansions (`$HOME`, `` `date` ``) are kept as
/// written: nothing is executed or looked up.
pub fn split_command(text: &str) -> Result<(Vec<String>, String), ImportError> {
    let chars: Vec<char> = text.chars().collect();
    let mut words: Vec<String> = Vec::new();
    // The word being read, as bytes (`$'\xff'` may give bytes that are not UTF-8 alone).
    let mut word: Option<Vec<u8>> = None;
    let mut i = 0;
    let push_char = |word: &mut Option<Vec<u8>>, c: char| {
        let mut buf = [0u8; 4];
        word.get_or_insert_with(Vec::new).extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    };
    let finish = |word: &mut Option<Vec<u8>>, words: &mut Vec<String>| -> Result<(), ImportError> {
        if let Some(bytes) = word.take() {
            let text = String::from_utf8(bytes).map_err(|_| ImportError::Quoting("a word is not valid UTF-8".into()))?;
            words.push(text);
        }
        Ok(())
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => {
                finish(&mut word, &mut words)?;
                i += 1;
            }
            '\n' => {
                finish(&mut word, &mut words)?;
                i += 1;
                if !words.is_empty() {
                    let rest: String = chars[i..].iter().collect();
                    return Ok((words, rest));
                }
            }
            '#' if word.is_none() => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ';' | '|' | '&' | '<' | '>' => {
                finish(&mut word, &mut words)?;
                if words.is_empty() {
                    return Err(ImportError::Quoting(format!("the text starts with `{c}`")));
                }
                let rest: String = chars[i..].iter().collect();
                return Ok((words, rest));
            }
            '\\' => {
                match chars.get(i + 1) {
                    None => return Err(ImportError::Quoting("a backslash ends the text".into())),
                    Some('\n') => i += 2,
                    // A line continuation written with Windows line ends.
                    Some('\r') if chars.get(i + 2) == Some(&'\n') => i += 3,
                    Some(&next) => {
                        push_char(&mut word, next);
                        i += 2;
                    }
                }
            }
            '\'' => {
                let start = i + 1;
                let end = chars[start..]
                    .iter()
                    .position(|&c| c == '\'')
                    .map(|p| start + p)
                    .ok_or_else(|| ImportError::Quoting("a single quote is not closed".into()))?;
                word.get_or_insert_with(Vec::new);
                for &c in &chars[start..end] {
                    push_char(&mut word, c);
                }
                i = end + 1;
            }
            '"' => {
                i = double_quoted(&chars, i + 1, &mut word)?;
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                i = ansi_c_quoted(&chars, i + 2, &mut word)?;
            }
            '$' if chars.get(i + 1) == Some(&'"') => {
                // `$"…"` (locale translation) reads like a double-quoted string.
                i = double_quoted(&chars, i + 2, &mut word)?;
            }
            other => {
                push_char(&mut word, other);
                i += 1;
            }
        }
    }
    finish(&mut word, &mut words)?;
    Ok((words, String::new()))
}

/// Reads a double-quoted string from `start` (after the quote); returns the index after the
/// closing quote. Backslash escapes only `$`, `` ` ``, `"`, `\` and a line break.
fn double_quoted(chars: &[char], start: usize, word: &mut Option<Vec<u8>>) -> Result<usize, ImportError> {
    let out = word.get_or_insert_with(Vec::new);
    let mut i = start;
    let mut buf = [0u8; 4];
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(ImportError::Quoting("a double quote is not closed".into()));
        };
        match c {
            '"' => return Ok(i + 1),
            '\\' => match chars.get(i + 1) {
                Some('\n') => i += 2,
                Some(&next @ ('$' | '`' | '"' | '\\')) => {
                    out.extend_from_slice(next.encode_utf8(&mut buf).as_bytes());
                    i += 2;
                }
                _ => {
                    out.push(b'\\');
                    i += 1;
                }
            },
            other => {
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
                i += 1;
            }
        }
    }
}

/// Reads a `$'…'` string from `start` (after the quote); returns the index after the closing
/// quote. The escapes are bash's: `\n \t \r \a \b \e \E \f \v \\ \' \" \?`, `\xHH`, `\NNN`
/// (octal), `\uHHHH`, `\UHHHHHHHH`, `\cX`.
fn ansi_c_quoted(chars: &[char], start: usize, word: &mut Option<Vec<u8>>) -> Result<usize, ImportError> {
    let out = word.get_or_insert_with(Vec::new);
    let mut i = start;
    let mut buf = [0u8; 4];
    let unclosed = || ImportError::Quoting("a $'…' string is not closed".into());
    loop {
        let &c = chars.get(i).ok_or_else(unclosed)?;
        if c == '\'' {
            return Ok(i + 1);
        }
        if c != '\\' {
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            i += 1;
            continue;
        }
        let &e = chars.get(i + 1).ok_or_else(unclosed)?;
        i += 2;
        let simple = match e {
            'n' => Some(b'\n'),
            't' => Some(b'\t'),
            'r' => Some(b'\r'),
            'a' => Some(7),
            'b' => Some(8),
            'e' | 'E' => Some(27),
            'f' => Some(12),
            'v' => Some(11),
            '\\' => Some(b'\\'),
            '\'' => Some(b'\''),
            '"' => Some(b'"'),
            '?' => Some(b'?'),
            _ => None,
        };
        if let Some(byte) = simple {
            out.push(byte);
            continue;
        }
        match e {
            'x' => {
                let (value, used) = digits(chars, i, 16, 2);
                if used == 0 {
                    out.extend_from_slice(b"\\x");
                } else {
                    out.push(value as u8);
                    i += used;
                }
            }
            '0'..='7' => {
                let (value, used) = digits(chars, i - 1, 8, 3);
                out.push((value & 0xff) as u8);
                i += used - 1;
            }
            'u' | 'U' => {
                let (value, used) = digits(chars, i, 16, if e == 'u' { 4 } else { 8 });
                match char::from_u32(value).filter(|_| used > 0) {
                    Some(ch) => {
                        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        i += used;
                    }
                    None if used == 0 => {
                        out.push(b'\\');
                        out.extend_from_slice(e.encode_utf8(&mut buf).as_bytes());
                    }
                    None => return Err(ImportError::Quoting(format!("\\{e} names no character"))),
                }
            }
            'c' => {
                let &x = chars.get(i).ok_or_else(unclosed)?;
                out.push((x as u32 & 0x1f) as u8);
                i += 1;
            }
            other => {
                // Unknown escapes stay as written.
                out.push(b'\\');
                out.extend_from_slice(other.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// Up to `max` digits in `radix` from `start`: (value, digits used).
fn digits(chars: &[char], start: usize, radix: u32, max: usize) -> (u32, usize) {
    let mut value: u32 = 0;
    let mut used = 0;
    while used < max {
        match chars.get(start + used).and_then(|c| c.to_digit(radix)) {
            Some(d) => {
                value = value.saturating_mul(radix).saturating_add(d);
                used += 1;
            }
            None => break,
        }
    }
    (value, used)
}

// ---------------------------------------------------------------------------------------------
// Step 2: curl's options
// ---------------------------------------------------------------------------------------------

/// The request a curl command sends, as far as the command says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WireRequest {
    /// Upper-case method.
    pub method: String,
    /// `https`, `http`…
    pub scheme: String,
    /// Lower-case host, without a default port.
    pub host: String,
    /// The path as written (still percent-encoded).
    pub path: String,
    /// Query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Headers, in order (`Name;` gives an empty value).
    pub headers: Vec<(String, String)>,
    /// The body text, when the command sends one.
    pub body: Option<String>,
    /// Whether the URL carried a user name or password.
    pub userinfo: bool,
    /// What the command holds that was not read: `option:--x`, `argument:word`, `shell:…`.
    pub unread: Vec<String>,
}

impl WireRequest {
    /// The last value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// curl options that take a value and that import does not need (`-o out.json`).
const VALUE_OPTIONS: &[&str] = &[
    "-o",
    "--output",
    "-w",
    "--write-out",
    "-m",
    "--max-time",
    "--connect-timeout",
    "--retry",
    "--retry-delay",
    "--retry-max-time",
    "-x",
    "--proxy",
    "--cacert",
    "--capath",
    "-E",
    "--cert",
    "--key",
    "--cert-type",
    "--key-type",
    "--resolve",
    "--connect-to",
    "--interface",
    "--limit-rate",
    "--max-redirs",
    "-r",
    "--range",
    "-c",
    "--cookie-jar",
    "-D",
    "--dump-header",
    "--trace",
    "--trace-ascii",
    "--stderr",
    "-C",
    "--continue-at",
    "-z",
    "--time-cond",
    "-K",
    "--config",
    "-U",
    "--proxy-user",
    "--noproxy",
    "--dns-servers",
];

/// curl options without a value that change nothing import reads.
const FLAG_OPTIONS: &[&str] = &[
    "--compressed",
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-i",
    "--include",
    "-k",
    "--insecure",
    "-L",
    "--location",
    "-v",
    "--verbose",
    "-f",
    "--fail",
    "--fail-with-body",
    "--path-as-is",
    "-g",
    "--globoff",
    "--http1.0",
    "--http1.1",
    "--http2",
    "--http2-prior-knowledge",
    "--http3",
    "-N",
    "--no-buffer",
    "-4",
    "--ipv4",
    "-6",
    "--ipv6",
    "-#",
    "--progress-bar",
    "-q",
    "--disable",
    "-n",
    "--netrc",
    "--location-trusted",
    "--tr-encoding",
    "--raw",
    "--no-keepalive",
    "--tlsv1.2",
    "--tlsv1.3",
    "--ssl-reqd",
];

/// Short options that take a value, glued (`-XPOST`) or as the next word.
const SHORT_WITH_VALUE: &str = "XHdAbeuFTowmxrECDzcKU";

#[derive(Debug, Clone, Copy, PartialEq)]
enum DataKind {
    /// `-d`, `--data`, `--data-ascii`, `--data-binary`, `--json`: `@file` would read a file.
    Plain,
    /// `--data-raw`: taken as it is.
    Raw,
    /// `--data-urlencode`.
    UrlEncode,
}

/// Reads a curl command (the words of [`split_command`], or any text) into a [`WireRequest`].
pub fn parse_curl(text: &str) -> Result<WireRequest, ImportError> {
    let (mut words, rest) = split_command(text)?;
    // A copied prompt: `$ curl …`.
    if words.first().map(String::as_str) == Some("$") {
        words.remove(0);
    }
    let Some(program) = words.first() else { return Err(ImportError::Empty) };
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    if !name.eq_ignore_ascii_case("curl") && !name.eq_ignore_ascii_case("curl.exe") {
        return Err(ImportError::NotCurl(program.clone()));
    }
    let mut method: Option<String> = None;
    let mut url: Option<String> = None;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut data: Vec<String> = Vec::new();
    let mut json = false;
    let mut get = false;
    let mut head = false;
    let mut userinfo = false;
    let mut unread: Vec<String> = Vec::new();

    // Expand glued short options into (option, value) steps.
    let mut steps: Vec<(String, Option<String>)> = Vec::new();
    let mut i = 1;
    let mut options_done = false;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if options_done || !w.starts_with('-') || w == "-" {
            steps.push((String::new(), Some(w.clone())));
            continue;
        }
        if w == "--" {
            options_done = true;
            continue;
        }
        if w.starts_with("--") {
            let takes = matches!(
                w.as_str(),
                "--request"
                    | "--header"
                    | "--data"
                    | "--data-raw"
                    | "--data-binary"
                    | "--data-ascii"
                    | "--data-urlencode"
                    | "--json"
                    | "--url"
                    | "--user"
                    | "--user-agent"
                    | "--referer"
                    | "--cookie"
                    | "--form"
                    | "--form-string"
                    | "--upload-file"
                    | "--aws-sigv4"
                    | "--oauth2-bearer"
            ) || VALUE_OPTIONS.contains(&w.as_str());
            if takes {
                let value = words.get(i).cloned().ok_or_else(|| ImportError::MissingValue(w.clone()))?;
                i += 1;
                steps.push((w.clone(), Some(value)));
            } else {
                steps.push((w.clone(), None));
            }
            continue;
        }
        // Short options, possibly several in one word (`-sSk`, `-XPOST`).
        let letters: Vec<char> = w.chars().skip(1).collect();
        let mut j = 0;
        while j < letters.len() {
            let letter = letters[j];
            let option = format!("-{letter}");
            if SHORT_WITH_VALUE.contains(letter) {
                let glued: String = letters[j + 1..].iter().collect();
                let value = if !glued.is_empty() {
                    glued
                } else {
                    let v = words.get(i).cloned().ok_or_else(|| ImportError::MissingValue(option.clone()))?;
                    i += 1;
                    v
                };
                steps.push((option, Some(value)));
                break;
            }
            steps.push((option, None));
            j += 1;
        }
    }

    for (option, value) in steps {
        let value_text = value.clone().unwrap_or_default();
        match option.as_str() {
            "" => {
                if url.is_none() {
                    url = Some(value_text);
                } else {
                    unread.push(format!("argument:{value_text}"));
                }
            }
            "-X" | "--request" => method = Some(value_text.to_ascii_uppercase()),
            "--url" => {
                if url.is_none() {
                    url = Some(value_text);
                } else {
                    unread.push(format!("argument:{value_text}"));
                }
            }
            "-H" | "--header" => {
                if value_text.starts_with('@') {
                    unread.push(format!("header:{value_text}"));
                } else if let Some((name, v)) = value_text.split_once(':') {
                    // `Name:` with nothing after removes the header in curl: nothing is sent.
                    let v = v.trim();
                    if !v.is_empty() {
                        headers.push((name.trim().to_string(), v.to_string()));
                    }
                } else if let Some(name) = value_text.strip_suffix(';') {
                    headers.push((name.trim().to_string(), String::new()));
                } else {
                    unread.push(format!("header:{value_text}"));
                }
            }
            "-A" | "--user-agent" => headers.push(("User-Agent".into(), value_text)),
            "-e" | "--referer" => headers.push(("Referer".into(), value_text)),
            "-b" | "--cookie" => headers.push(("Cookie".into(), value_text)),
            "-u" | "--user" | "--aws-sigv4" | "--oauth2-bearer" => userinfo = true,
            "-d" | "--data" | "--data-ascii" | "--data-binary" => push_data(&mut data, &mut unread, &option, &value_text, DataKind::Plain),
            "--data-raw" => push_data(&mut data, &mut unread, &option, &value_text, DataKind::Raw),
            "--data-urlencode" => push_data(&mut data, &mut unread, &option, &value_text, DataKind::UrlEncode),
            "--json" => {
                json = true;
                push_data(&mut data, &mut unread, &option, &value_text, DataKind::Plain);
            }
            "-G" | "--get" => get = true,
            "-I" | "--head" => head = true,
            "-F" | "--form" | "--form-string" | "-T" | "--upload-file" => unread.push(format!("option:{option}")),
            o if FLAG_OPTIONS.contains(&o) => {}
            o if VALUE_OPTIONS.contains(&o) || (o.len() == 2 && SHORT_WITH_VALUE.contains(&o[1..])) => {}
            other => unread.push(format!("option:{other}")),
        }
    }
    if !rest.trim().is_empty() {
        let shown: String = rest.trim().chars().take(40).collect();
        unread.push(format!("shell:{shown}"));
    }
    let url = url.ok_or(ImportError::NoUrl)?;
    let mut request = parse_url(&url)?;
    request.userinfo |= userinfo;
    if json {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("accept")) {
            headers.push(("Accept".into(), "application/json".into()));
        }
    }
    let body = (!data.is_empty()).then(|| data.join("&"));
    let default_method = if head {
        "HEAD"
    } else if body.is_some() && !get {
        "POST"
    } else {
        "GET"
    };
    request.method = method.unwrap_or_else(|| default_method.to_string());
    match body {
        Some(text) if get => request.query.extend(decode_pairs(&text, false)),
        Some(text) => {
            if !json && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
                // What curl sends with -d when no Content-Type is given.
                headers.push(("Content-Type".into(), "application/x-www-form-urlencoded".into()));
            }
            request.body = Some(text);
        }
        None => {}
    }
    request.headers = headers;
    request.unread = unread;
    Ok(request)
}

fn push_data(data: &mut Vec<String>, unread: &mut Vec<String>, option: &str, value: &str, kind: DataKind) {
    match kind {
        DataKind::Plain if value.starts_with('@') => unread.push(format!("option:{option} {value}")),
        DataKind::Plain | DataKind::Raw => data.push(value.to_string()),
        DataKind::UrlEncode => {
            // `name=content`, `=content`, `content`; `name@file` and `@file` read files.
            let (name, content) = match value.split_once('=') {
                Some((name, content)) if !name.contains('@') => (Some(name), content),
                _ if value.contains('@') && !value.contains('=') => {
                    unread.push(format!("option:{option} {value}"));
                    return;
                }
                _ => (None, value.strip_prefix('=').unwrap_or(value)),
            };
            let encoded = form_encode(content);
            data.push(match name {
                Some(name) if !name.is_empty() => format!("{name}={encoded}"),
                _ => encoded,
            });
        }
    }
}

/// Percent-encodes as curl's `--data-urlencode` does (unreserved characters kept).
fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// Decodes `a=1&b=2` (percent escapes; `+` as a space when `plus_is_space`).
fn decode_pairs(text: &str, plus_is_space: bool) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = if plus_is_space { s.replace('+', " ") } else { s.to_string() };
        percent_decode(s.as_bytes()).decode_utf8_lossy().into_owned()
    };
    text.split('&').filter(|p| !p.is_empty()).map(|p| p.split_once('=').unwrap_or((p, ""))).map(|(k, v)| (decode(k), decode(v))).collect()
}

fn parse_url(url: &str) -> Result<WireRequest, ImportError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(ImportError::BadUrl("it is empty".into()));
    }
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) => {
            (scheme.to_ascii_lowercase(), rest)
        }
        _ => ("http".to_string(), url),
    };
    let rest = rest.split('#').next().unwrap_or_default();
    let (authority, target) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((_, host)) => (true, host),
        None => (false, authority),
    };
    let mut host = host_port.to_ascii_lowercase();
    for (default_scheme, port) in [("https", ":443"), ("http", ":80")] {
        if scheme == default_scheme {
            if let Some(stripped) = host.strip_suffix(port) {
                host = stripped.to_string();
            }
        }
    }
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ImportError::BadUrl(format!("no host in {url}")));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = if path.is_empty() { "/".to_string() } else { path.to_string() };
    Ok(WireRequest { scheme, host, path, query: decode_pairs(query, false), userinfo, ..WireRequest::default() })
}

// ---------------------------------------------------------------------------------------------
// Step 3: the operation and its values
// ---------------------------------------------------------------------------------------------

/// The operations an import may recognise, indexed by host.
#[derive(Debug, Clone)]
pub struct Index<'a> {
    entries: Vec<IndexedEntry<'a>>,
}

#[derive(Debug, Clone)]
struct IndexedEntry<'a> {
    entry: &'a Entry,
    /// Every host a listed region uses.
    hosts: BTreeSet<String>,
    /// The host template around `{region}`.
    template: Option<(String, String)>,
    /// Path segments that are not placeholders.
    literal_segments: usize,
}

impl<'a> Index<'a> {
    /// Indexes `entries` (the whole catalog for the CLI; the open operation in the page).
    pub fn new(entries: impl IntoIterator<Item = &'a Entry>) -> Index<'a> {
        let entries = entries
            .into_iter()
            .map(|entry| {
                let mut hosts: BTreeSet<String> =
                    entry.endpoint.regions.iter().map(|r| host_for(entry, &r.id).to_ascii_lowercase()).collect();
                if !entry.endpoint.host.contains("{region}") {
                    hosts.insert(entry.endpoint.host.to_ascii_lowercase());
                }
                let template = entry.endpoint.host.to_ascii_lowercase().split_once("{region}").map(|(a, b)| (a.to_string(), b.to_string()));
                let literal_segments = entry.path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).count();
                IndexedEntry { entry, hosts, template, literal_segments }
            })
            .collect();
        Index { entries }
    }

    /// The operation `request` is for, and the region its host names.
    pub fn recognise(&self, request: &WireRequest) -> Result<(&'a Entry, Option<String>), ImportError> {
        let host = request.host.as_str();
        let mut on_host: Vec<&IndexedEntry<'a>> = self.entries.iter().filter(|e| e.serves(host)).collect();
        if on_host.is_empty() {
            // A regional host the catalog does not list (`cvm.ap-guangzhou.tencentcloudapi.com`):
            // the same service label and domain.
            on_host = self.entries.iter().filter(|e| e.same_service(host)).collect();
        }
        if on_host.is_empty() {
            return Err(ImportError::Unrecognised(format!("no operation is served at {host}")));
        }
        let action = request
            .header("X-TC-Action")
            .or_else(|| request.header("x-acs-action"))
            .map(str::to_string)
            .or_else(|| parameter(request, "Action"));
        let version = request
            .header("X-TC-Version")
            .or_else(|| request.header("x-acs-version"))
            .map(str::to_string)
            .or_else(|| parameter(request, "Version"));
        let by_action: Vec<&IndexedEntry<'a>> = on_host.iter().copied().filter(|e| e.entry.action.is_some()).collect();
        let found = if let (Some(action), false) = (&action, by_action.is_empty()) {
            let same: Vec<&IndexedEntry<'a>> =
                by_action.iter().copied().filter(|e| e.entry.action.as_deref() == Some(action.as_str())).collect();
            let same = if same.is_empty() {
                by_action.iter().copied().filter(|e| e.entry.action.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(action))).collect()
            } else {
                same
            };
            same.iter()
                .copied()
                .find(|e| version.is_some() && e.entry.version == version)
                .or(same.first().copied())
                .ok_or_else(|| ImportError::Unrecognised(format!("no operation at {host} has the action {action}")))?
        } else {
            self.by_path(&on_host, request)?
        };
        let region = found.region(request);
        Ok((found.entry, region))
    }

    fn by_path<'b>(&self, on_host: &[&'b IndexedEntry<'a>], request: &WireRequest) -> Result<&'b IndexedEntry<'a>, ImportError> {
        let body: Option<Value> = request.body.as_deref().and_then(|b| serde_json::from_str(b).ok());
        let mut best: Option<(&IndexedEntry<'a>, (bool, usize, usize))> = None;
        for candidate in on_host {
            let e = candidate.entry;
            if e.action.is_some() || !e.method.eq_ignore_ascii_case(&request.method) || match_path(&e.path, &request.path).is_none() {
                continue;
            }
            let body_fields: Vec<&Field> = e.fields.iter().filter(|f| e.location_of(f) == Location::Body).collect();
            let (fits, enums) = match &body {
                Some(Value::Object(map)) => body_fit(&body_fields, map, 0),
                _ => (body_fields.iter().all(|f| !f.required), 0),
            };
            let score = (fits, candidate.literal_segments, enums);
            if best.as_ref().is_none_or(|(_, s)| score > *s) {
                best = Some((candidate, score));
            }
        }
        best.map(|(e, _)| e).ok_or_else(|| {
            ImportError::Unrecognised(format!("{} {} matches no operation at {}", request.method, request.path, request.host))
        })
    }
}

impl IndexedEntry<'_> {
    fn serves(&self, host: &str) -> bool {
        self.hosts.contains(host) || self.template_region(host).is_some()
    }

    fn template_region(&self, host: &str) -> Option<String> {
        let (before, after) = self.template.as_ref()?;
        let region = host.strip_prefix(before.as_str())?.strip_suffix(after.as_str())?;
        (!region.is_empty() && !region.contains('.')).then(|| region.to_string())
    }

    /// Same first label and same last two labels as one of the entry's hosts.
    fn same_service(&self, host: &str) -> bool {
        let key = |h: &str| {
            let labels: Vec<&str> = h.split('.').collect();
            (labels.len() >= 3).then(|| (labels[0].to_string(), labels[labels.len() - 2..].join(".")))
        };
        let Some(wanted) = key(host) else { return false };
        self.hosts.iter().map(String::as_str).chain(self.template.as_ref().map(|(b, _)| b.as_str())).any(|h| {
            let mine = key(h).or_else(|| {
                let (b, a) = self.template.as_ref()?;
                key(&format!("{b}x{a}"))
            });
            mine == Some(wanted.clone())
        })
    }

    fn region(&self, request: &WireRequest) -> Option<String> {
        let entry = self.entry;
        if let Some(region) = request.header("X-TC-Region").filter(|r| !r.is_empty()) {
            return Some(region.to_string());
        }
        let host = request.host.as_str();
        let sharing: Vec<&str> =
            entry.endpoint.regions.iter().filter(|r| host_for(entry, &r.id).eq_ignore_ascii_case(host)).map(|r| r.id.as_str()).collect();
        if sharing.len() > 1 {
            // One host for several regions (Alibaba's central endpoints): the region parameter
            // decides when it names one of them.
            let named = entry.fields.iter().filter(|f| f.region_default).find_map(|f| parameter(request, &f.name));
            if let Some(named) = named.filter(|n| sharing.contains(&n.as_str())) {
                return Some(named);
            }
        }
        if let Some(first) = sharing.first() {
            return Some(first.to_string());
        }
        if let Some(region) = self.template_region(host) {
            return Some(region);
        }
        // An unlisted regional host `<service>.<region>.<domain>`.
        let labels: Vec<&str> = host.split('.').collect();
        (labels.len() >= 4).then(|| labels[1].to_string())
    }
}

/// A parameter of the query or of a form body.
fn parameter(request: &WireRequest, name: &str) -> Option<String> {
    request.query.iter().chain(form_pairs(request).iter()).find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

/// A form body: sent as a form, and not JSON (`curl -d '{…}'` without a Content-Type sends a
/// JSON text labelled as a form; it is read as the JSON it is).
fn is_form(request: &WireRequest) -> bool {
    let labelled =
        request.header("Content-Type").is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"));
    labelled && !request.body.as_deref().is_some_and(|b| matches!(serde_json::from_str::<Value>(b), Ok(Value::Object(_) | Value::Array(_))))
}

fn form_pairs(request: &WireRequest) -> Vec<(String, String)> {
    match &request.body {
        Some(body) if is_form(request) => decode_pairs(body, true),
        _ => Vec::new(),
    }
}

/// Path parameters when `path` fits `template` (segment by segment, placeholders match any
/// non-empty segment).
fn match_path(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            if p.is_empty() {
                return None;
            }
            params.push((name.to_string(), percent_decode(p.as_bytes()).decode_utf8_lossy().into_owned()));
        } else if t != p {
            return None;
        }
    }
    Some(params)
}

/// (the object has every required field, no unknown member and only listed enum values; how
/// many enum values it matched), through nested objects.
fn body_fit(fields: &[&Field], value: &Map<String, Value>, depth: usize) -> (bool, usize) {
    if depth > 16
        || value.keys().any(|k| !fields.iter().any(|f| &f.name == k))
        || fields.iter().any(|f| f.required && !value.contains_key(&f.name))
    {
        return (false, 0);
    }
    let mut hits = 0;
    for (key, v) in value {
        let Some(f) = fields.iter().find(|f| &f.name == key) else { continue };
        match f.ty {
            FieldType::Enum if !f.values.is_empty() => {
                if !f.values.iter().any(|ev| &ev.value == v) {
                    return (false, 0);
                }
                hits += 1;
            }
            FieldType::Object => {
                if let Value::Object(inner) = v {
                    let members: Vec<&Field> = f.fields.iter().collect();
                    let (fits, more) = body_fit(&members, inner, depth + 1);
                    if !fits {
                        return (false, 0);
                    }
                    hits += more;
                }
            }
            _ => {}
        }
    }
    (true, hits)
}

/// Headers and parameters that carry credentials or a signature's inputs: recognised, never
/// placed, never listed.
fn is_auth_header(entry: &Entry, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let profile = crate::profile::profile(entry.cloud);
    crate::profile::carries_credential(&lower)
        || profile.placeholders.iter().any(|(n, _)| n.eq_ignore_ascii_case(&lower))
        || matches!(
            lower.as_str(),
            "authorization"
                | "cookie"
                | "x-tc-timestamp"
                | "x-tc-token"
                | "x-tc-nonce"
                | "x-tc-requestclient"
                | "x-acs-date"
                | "x-acs-signature-nonce"
                | "x-acs-content-sha256"
                | "x-acs-security-token"
                | "x-acs-accesskey-id"
                | "x-sdk-date"
                | "x-auth-token"
                | "x-security-token"
                | "x-sdk-content-sha256"
        )
        || (entry.cloud == Cloud::Huawei || entry.cloud == Cloud::Otc) && lower == "x-project-id"
}

/// Alibaba's signature (version 2) travels as query parameters.
const AUTH_PARAMETERS: [&str; 8] =
    ["Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "SignatureType", "Timestamp", "AccessKeyId", "SecurityToken"];

/// Headers that say how the request travels, not what it asks: recognised, never listed.
fn is_transport_header(name: &str) -> bool {
    matches!(name.to_ascii_lowercase().as_str(), "host" | "content-length")
}

/// Most list items one flattened key may ask for (`Tags.100000.Key` is refused, not allocated).
const MAX_INDEX: usize = 1000;
/// Most dots one flattened key may have.
const MAX_DEPTH: usize = 16;

/// Maps the request's wire values onto `entry`'s fields: the form's values, and what did not
/// fit.
pub fn place(entry: &Entry, request: &WireRequest) -> (Value, Vec<String>) {
    let mut values = Map::new();
    let mut unplaced: Vec<String> = request.unread.clone();
    if let Some(params) = match_path(&entry.path, &request.path) {
        for (name, text) in params {
            match entry.field(&name) {
                Some(field) => {
                    values.insert(name, typed(Some(field), text));
                }
                None => unplaced.push(format!("path:{name}")),
            }
        }
    } else {
        unplaced.push(format!("path:{}", request.path));
    }
    let recognition = ["Action", "Version"];
    let form = form_pairs(request);
    for (key, text) in request.query.iter().chain(form.iter()) {
        let top = key.split('.').next().unwrap_or_default();
        let field = entry.field(top).filter(|f| matches!(entry.location_of(f), Location::Query) || entry.style == Style::Rpc);
        let Some(field) = field.filter(|f| entry.location_of(f) != Location::Path && entry.location_of(f) != Location::Header) else {
            let consumed = entry.action.is_some() && recognition.contains(&key.as_str());
            if !consumed && !AUTH_PARAMETERS.contains(&key.as_str()) && !crate::profile::carries_credential(key) {
                unplaced.push(key.clone());
            }
            continue;
        };
        if field.encode == Some(Encoding::Json) && key == top {
            values.insert(top.to_string(), json_text(field, text));
            continue;
        }
        let rest: Vec<&str> = key.split('.').skip(1).collect();
        let slot = values.entry(top.to_string()).or_insert(Value::Null);
        if rest.len() > MAX_DEPTH || put(slot, Some(field), &rest, text.clone()).is_err() {
            unplaced.push(key.clone());
        }
    }
    if let Some(body) = request.body.as_deref().filter(|_| !is_form(request)) {
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(members)) => {
                for (name, value) in members {
                    match entry.field(&name).filter(|f| entry.location_of(f) == Location::Body && entry.style == Style::Json) {
                        Some(_) => {
                            values.insert(name, value);
                        }
                        None => unplaced.push(name),
                    }
                }
            }
            _ if body.is_empty() => {}
            _ => unplaced.push("body".into()),
        }
    }
    let fixed = |name: &str| entry.headers.iter().any(|h| h.name.eq_ignore_ascii_case(name));
    for (name, text) in &request.headers {
        let lower = name.to_ascii_lowercase();
        if let Some(field) = entry.fields.iter().find(|f| entry.location_of(f) == Location::Header && f.name.eq_ignore_ascii_case(name)) {
            values.insert(field.name.clone(), typed(Some(field), text.clone()));
        } else if fixed(name)
            || is_auth_header(entry, name)
            || is_transport_header(name)
            || (lower == "content-type" && request.body.is_some())
            || matches!(lower.as_str(), "x-tc-action" | "x-tc-version" | "x-tc-region" | "x-acs-action" | "x-acs-version")
        {
            // Recognition, region, signature, transport: read, not a form value.
        } else {
            unplaced.push(format!("header:{name}"));
        }
    }
    let mut seen = BTreeSet::new();
    unplaced.retain(|u| seen.insert(u.clone()));
    (Value::Object(values), unplaced)
}

/// A field sent as one JSON text: the parsed value when the catalog declares a structure and
/// the text is one, the text otherwise.
fn json_text(field: &Field, text: &str) -> Value {
    match (field.ty, serde_json::from_str::<Value>(text)) {
        (FieldType::Array, Ok(v @ Value::Array(_))) | (FieldType::Object, Ok(v @ Value::Object(_))) => v,
        _ => Value::String(text.to_string()),
    }
}

/// Places one flattened pair (`Configs.2.Scope=NODE_GROUP`) below `slot`.
fn put(slot: &mut Value, field: Option<&Field>, rest: &[&str], text: String) -> Result<(), ()> {
    let Some((head, tail)) = rest.split_first() else {
        if !slot.is_null() {
            // The same key twice: the form holds one value.
            return Err(());
        }
        *slot = typed(field, text);
        return Ok(());
    };
    let (child, child_field) = step_into(slot, field, head)?;
    put(child, child_field, tail, text)
}

/// One step down a dotted key: list item `head` (counted from 1) or member `head` of `slot`,
/// created (as null) when missing, with the catalog field describing it.
fn step_into<'v, 'f>(slot: &'v mut Value, field: Option<&'f Field>, head: &str) -> Result<(&'v mut Value, Option<&'f Field>), ()> {
    let is_list = field.map(|f| f.ty == FieldType::Array).unwrap_or_else(|| head.parse::<usize>().is_ok());
    if is_list {
        let n: usize = head.parse().map_err(|_| ())?;
        if n == 0 || n > MAX_INDEX {
            return Err(());
        }
        if slot.is_null() {
            *slot = Value::Array(Vec::new());
        }
        let items = slot.as_array_mut().ok_or(())?;
        while items.len() < n {
            items.push(Value::Null);
        }
        Ok((&mut items[n - 1], field.and_then(|f| f.items.as_deref())))
    } else {
        if slot.is_null() {
            *slot = Value::Object(Map::new());
        }
        let map = slot.as_object_mut().ok_or(())?;
        let member = field.and_then(|f| f.fields.iter().find(|m| m.name == head));
        Ok((map.entry(head.to_string()).or_insert(Value::Null), member))
    }
}

/// Text from the wire, typed as the catalog declares the field.
fn typed(field: Option<&Field>, text: String) -> Value {
    let Some(field) = field else { return Value::String(text) };
    match field.ty {
        FieldType::Integer => text.parse::<i64>().map(Value::from).unwrap_or(Value::String(text)),
        FieldType::Number => match text.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => text
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .unwrap_or(Value::String(text)),
        },
        FieldType::Boolean => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text),
        },
        FieldType::Enum => field
            .values
            .iter()
            .map(|ev| &ev.value)
            .find(|v| match v {
                Value::String(s) => *s == text,
                Value::Number(n) => n.to_string() == text,
                Value::Bool(b) => b.to_string() == text,
                _ => false,
            })
            .cloned()
            .unwrap_or(Value::String(text)),
        _ => Value::String(text),
    }
}

/// Whether the text reads as a curl command (its first line that is not blank or a comment
/// starts with `curl`, or `$ curl`): the page's Paste box takes JSON otherwise.
pub fn looks_like_curl(text: &str) -> bool {
    let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')) else { return false };
    let line = line.strip_prefix("$ ").unwrap_or(line).trim_start();
    let first = line.split(|c: char| c.is_whitespace()).next().unwrap_or_default();
    let name = first.rsplit(['/', '\\']).next().unwrap_or(first);
    name.eq_ignore_ascii_case("curl") || name.eq_ignore_ascii_case("curl.exe")
}

/// The id a Tencent or Alibaba request names by its host and action (`tencent.cvm.DescribeZones`),
/// without the catalog: what the page offers to open when a command is for another operation.
/// `None` for other hosts (Huawei and OTC need the path templates) or without an action.
pub fn id_from_action(request: &WireRequest) -> Option<String> {
    let host = request.host.as_str();
    let first = host.split('.').next().filter(|l| !l.is_empty())?;
    let (cloud, service, action) = if host.ends_with(".tencentcloudapi.com") {
        ("tencent", first, request.header("X-TC-Action").map(str::to_string)?)
    } else if host.ends_with(".aliyuncs.com") {
        // `ecs.cn-hangzhou.aliyuncs.com`, `ecs-cn-hangzhou.aliyuncs.com`, `ecs.aliyuncs.com`.
        let service = first.split('-').next().unwrap_or(first);
        ("alibaba", service, request.header("x-acs-action").map(str::to_string).or_else(|| parameter(request, "Action"))?)
    } else {
        return None;
    };
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (plain(service) && plain(&action)).then(|| format!("{cloud}.{service}.{action}"))
}

/// Reads a curl command, recognises its operation among `index`'s and places its values.
pub fn import_curl(text: &str, index: &Index<'_>) -> Result<Imported, ImportError> {
    let request = parse_curl(text)?;
    let (entry, region) = index.recognise(&request)?;
    let (values, unplaced) = place(entry, &request);
    Ok(Imported { id: entry.id.clone(), region, values, unplaced })
}

// ---------------------------------------------------------------------------------------------
// The clouds' own command-line tools: tccli, aliyun, hcloud
// ---------------------------------------------------------------------------------------------

/// The command-line tools an import reads, told apart by the command's first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    /// `curl …`.
    Curl,
    /// Tencent Cloud's `tccli <service> <Action> …`.
    Tccli,
    /// Alibaba Cloud's `aliyun <product> <Action> …`.
    Aliyun,
    /// Huawei Cloud's KooCLI, `hcloud <SERVICE> <Operation> …`.
    Hcloud,
}

/// The tool the first line of `text` that is not blank or a comment calls (a `$ ` prompt and
/// a directory before the program's name are allowed), if it is one import reads.
pub fn command_kind(text: &str) -> Option<CommandKind> {
    if looks_like_curl(text) {
        return Some(CommandKind::Curl);
    }
    let line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let line = line.strip_prefix("$ ").unwrap_or(line).trim_start();
    let first = line.split(|c: char| c.is_whitespace()).next().unwrap_or_default();
    let name = first.rsplit(['/', '\\']).next().unwrap_or(first).to_ascii_lowercase();
    match name.trim_end_matches(".exe") {
        "tccli" => Some(CommandKind::Tccli),
        "aliyun" => Some(CommandKind::Aliyun),
        "hcloud" => Some(CommandKind::Hcloud),
        _ => None,
    }
}

/// One `--name value` or `--name=value` of a vendor command, or a bare word.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CliOption {
    /// The name without its dashes; empty for a bare word.
    name: String,
    /// The value, when one was given.
    value: Option<String>,
}

/// Reads the words after `<program> <service> <action>`: `--name=value` always carries its
/// value; `--name value` takes the next word unless that word is itself an option or `name`
/// is one of `flags`.
fn cli_options(words: &[String], flags: &[&str]) -> Vec<CliOption> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        let Some(option) = w.strip_prefix("--").filter(|o| !o.is_empty()) else {
            out.push(CliOption { name: String::new(), value: Some(w.clone()) });
            continue;
        };
        if let Some((name, value)) = option.split_once('=') {
            out.push(CliOption { name: name.to_string(), value: Some(value.to_string()) });
            continue;
        }
        let takes = !flags.contains(&option) && words.get(i).is_some_and(|next| !next.starts_with("--"));
        let value = takes.then(|| words[i].clone());
        if takes {
            i += 1;
        }
        out.push(CliOption { name: option.to_string(), value });
    }
    out
}

/// The words of a vendor command: (program, service, action, the rest), with what follows the
/// command (`| jq …`) named in `unread`.
fn vendor_words(text: &str, program: &str) -> Result<(String, String, Vec<String>, Vec<String>), ImportError> {
    let (mut words, rest) = split_command(text)?;
    if words.first().map(String::as_str) == Some("$") {
        words.remove(0);
    }
    let Some(first) = words.first() else { return Err(ImportError::Empty) };
    let name = first.rsplit(['/', '\\']).next().unwrap_or(first).to_ascii_lowercase();
    if name.trim_end_matches(".exe") != program {
        return Err(ImportError::NotCurl(first.clone()));
    }
    let mut unread = Vec::new();
    if !rest.trim().is_empty() {
        let shown: String = rest.trim().chars().take(40).collect();
        unread.push(format!("shell:{shown}"));
    }
    let service = words.get(1).filter(|w| !w.starts_with('-')).cloned();
    let action = words.get(2).filter(|w| !w.starts_with('-')).cloned();
    match (service, action) {
        (Some(service), Some(action)) => Ok((service, action, words[3..].to_vec(), unread)),
        _ => Err(ImportError::Unrecognised(format!("`{program}` needs a service and an operation, as `{program} <service> <Action>`"))),
    }
}

impl<'a> Index<'a> {
    /// The operation of `cloud` with this service and action (an exact match first, then one
    /// that differs in case).
    fn by_name(&self, cloud: Cloud, service: &str, action: &str, version: Option<&str>) -> Result<&'a Entry, ImportError> {
        let named = |e: &&IndexedEntry<'a>, exact: bool| {
            let entry = e.entry;
            let name = entry.action.clone().unwrap_or_else(|| entry.id.rsplit('.').next().unwrap_or_default().to_string());
            entry.cloud == cloud
                && entry.service.eq_ignore_ascii_case(service)
                && if exact { name == action } else { name.eq_ignore_ascii_case(action) }
        };
        let mut same: Vec<&IndexedEntry<'a>> = self.entries.iter().filter(|e| named(e, true)).collect();
        if same.is_empty() {
            same = self.entries.iter().filter(|e| named(e, false)).collect();
        }
        same.iter()
            .find(|e| version.is_some() && e.entry.version.as_deref() == version)
            .or(same.first())
            .map(|e| e.entry)
            .ok_or_else(|| ImportError::Unrecognised(format!("no {} operation is {service} {action}", cloud.as_str())))
    }
}

/// tccli's own options that take a value; the first five carry credentials.
const TCCLI_VALUE_OPTIONS: &[&str] = &[
    "secretId",
    "secretKey",
    "token",
    "role-arn",
    "role-session-name",
    "profile",
    "region",
    "version",
    "endpoint",
    "filter",
    "output",
    "timeout",
    "waiter",
    "https-proxy",
    "language",
    "cli-input-json",
];
/// tccli's options without a value.
const TCCLI_FLAGS: &[&str] = &["cli-unfold-argument", "use-cvm-role", "generate-cli-skeleton", "warning", "detail", "help"];

/// A value as `tccli` reads it for `field`: numbers and booleans as JSON, lists and objects
/// as JSON text, strings as they are.
fn tccli_value(field: Option<&Field>, text: &str) -> Value {
    match field.map(|f| f.ty) {
        Some(FieldType::Array | FieldType::Object) => serde_json::from_str::<Value>(text)
            .ok()
            .filter(|v| v.is_array() || v.is_object())
            .unwrap_or_else(|| Value::String(text.to_string())),
        Some(_) => typed(field, text.to_string()),
        None => Value::String(text.to_string()),
    }
}

/// Reads a `tccli <service> <Action> …` command: the operation from the service and action
/// (and `--version`), the region from `--region`, each `--Param` placed as `tccli` reads it.
/// `--secretId`, `--secretKey`, `--token`, `--profile` and the role options are credentials:
/// recognised, never placed, never listed.
pub fn import_tccli(text: &str, index: &Index<'_>) -> Result<Imported, ImportError> {
    let (service, action, rest, mut unplaced) = vendor_words(text, "tccli")?;
    let options = cli_options(&rest, TCCLI_FLAGS);
    let find = |name: &str| options.iter().rev().find(|o| o.name == name).and_then(|o| o.value.clone());
    let entry = index.by_name(Cloud::Tencent, &service, &action, find("version").as_deref())?;
    let region = find("region").filter(|r| !r.is_empty());
    let mut values = Map::new();
    for option in &options {
        let name = option.name.as_str();
        if name.is_empty() {
            unplaced.push(format!("argument:{}", option.value.clone().unwrap_or_default()));
        } else if TCCLI_VALUE_OPTIONS.contains(&name) || TCCLI_FLAGS.contains(&name) {
            // The CLI's own: recognition, region, credentials, output.
            if matches!(name, "cli-input-json" | "filter" | "waiter" | "cli-unfold-argument" | "generate-cli-skeleton") {
                unplaced.push(format!("option:--{name}"));
            }
        } else if let Some(field) = entry.field(name).filter(|f| entry.location_of(f) == Location::Body) {
            match &option.value {
                Some(text) if !values.contains_key(name) => {
                    values.insert(name.to_string(), tccli_value(Some(field), text));
                }
                _ => unplaced.push(name.to_string()),
            }
        } else {
            unplaced.push(name.to_string());
        }
    }
    let mut seen = BTreeSet::new();
    unplaced.retain(|u| seen.insert(u.clone()));
    Ok(Imported { id: entry.id.clone(), region, values: Value::Object(values), unplaced })
}

/// The Alibaba CLI's own options that take a value; the first eight carry credentials.
const ALIYUN_VALUE_OPTIONS: &[&str] = &[
    "access-key-id",
    "access-key-secret",
    "sts-token",
    "profile",
    "mode",
    "ram-role-name",
    "ram-role-arn",
    "role-session-name",
    "private-key",
    "key-pair-name",
    "config-path",
    "region",
    "endpoint",
    "version",
    "output",
    "waiter",
    "read-timeout",
    "connect-timeout",
    "retry-count",
    "language",
    "method",
    "header",
    "body",
    "body-file",
    "pager",
];
/// The Alibaba CLI's options without a value.
const ALIYUN_FLAGS: &[&str] = &["force", "secure", "insecure", "quiet", "dryrun", "skip-secure-verify", "help"];

/// Reads an `aliyun <product> <Action> …` command (RPC style): the operation from the product
/// and action (and `--version`), the region from `--region` or the `RegionId` parameter, the
/// parameters flattened as the API takes them (`--Tag.1.Key=…`) placed like an RPC request's.
/// `--access-key-id`, `--access-key-secret`, `--sts-token`, `--profile`/`-p` and the other
/// credential options are recognised, never placed, never listed.
pub fn import_aliyun(text: &str, index: &Index<'_>) -> Result<Imported, ImportError> {
    let (product, action, mut rest, mut unread) = vendor_words(text, "aliyun")?;
    // `-p NAME`: the profile, a credential.
    if let Some(i) = rest.iter().position(|w| w == "-p") {
        rest.drain(i..(i + 2).min(rest.len()));
    }
    let options = cli_options(&rest, ALIYUN_FLAGS);
    let find = |name: &str| options.iter().rev().find(|o| o.name == name).and_then(|o| o.value.clone());
    let entry = index.by_name(Cloud::Alibaba, &product, &action, find("version").as_deref())?;
    let mut query = Vec::new();
    for option in &options {
        let name = option.name.as_str();
        if name.is_empty() {
            unread.push(format!("argument:{}", option.value.clone().unwrap_or_default()));
        } else if ALIYUN_VALUE_OPTIONS.contains(&name) || ALIYUN_FLAGS.contains(&name) {
            if matches!(name, "header" | "body" | "body-file" | "waiter" | "method" | "pager") {
                unread.push(format!("option:--{name}"));
            }
        } else if name.starts_with(|c: char| c.is_ascii_lowercase()) && name.contains('-') {
            // A CLI option this reader does not know (parameters are the API's names).
            unread.push(format!("option:--{name}"));
        } else {
            query.push((name.to_string(), option.value.clone().unwrap_or_default()));
        }
    }
    let region = find("region")
        .filter(|r| !r.is_empty())
        .or_else(|| query.iter().rev().find(|(k, _)| k == "RegionId").map(|(_, v)| v.clone()).filter(|r| !r.is_empty()));
    let request = WireRequest {
        method: entry.method.to_ascii_uppercase(),
        scheme: "https".into(),
        host: find("endpoint").unwrap_or_default(),
        path: entry.path.clone(),
        query,
        unread,
        ..WireRequest::default()
    };
    let (values, unplaced) = place(entry, &request);
    Ok(Imported { id: entry.id.clone(), region, values, unplaced })
}

/// KooCLI's own options (all `--cli-…`) that carry credentials.
const HCLOUD_CREDENTIALS: &[&str] =
    &["cli-access-key", "cli-secret-key", "cli-security-token", "cli-profile", "cli-mode", "cli-agency-domain-id", "cli-agency-name"];
/// KooCLI's options that change nothing an import reads.
const HCLOUD_QUIET: &[&str] =
    &["cli-region", "cli-output", "cli-read-timeout", "cli-connect-timeout", "cli-retry-count", "cli-skip-secure-verify", "cli-lang"];

/// Places one KooCLI pair (`servers.1.id`) below `slot`: like [`put`], and `{}` / `[]` at a
/// level give an empty object or list.
fn put_koo(slot: &mut Value, field: Option<&Field>, rest: &[&str], text: String) -> Result<(), ()> {
    if rest.is_empty() && slot.is_null() {
        let ty = field.map(|f| f.ty);
        if text == "{}" && matches!(ty, None | Some(FieldType::Object)) {
            *slot = Value::Object(Map::new());
            return Ok(());
        }
        if text == "[]" && matches!(ty, None | Some(FieldType::Array)) {
            *slot = Value::Array(Vec::new());
            return Ok(());
        }
    }
    let Some((head, tail)) = rest.split_first() else { return put(slot, field, rest, text) };
    let (child, child_field) = step_into(slot, field, head)?;
    put_koo(child, child_field, tail, text)
}

/// Reads an `hcloud <SERVICE> <Operation> …` command (Huawei Cloud's KooCLI): the operation
/// from the service and operation name, the region from `--cli-region`, path, query, header
/// and body parameters by name, nested with dots and numbered from 1. `--cli-access-key`,
/// `--cli-secret-key`, `--cli-profile` and the other credential options are recognised, never
/// placed, never listed.
pub fn import_hcloud(text: &str, index: &Index<'_>) -> Result<Imported, ImportError> {
    let (service, operation, rest, mut unplaced) = vendor_words(text, "hcloud")?;
    let entry = index.by_name(Cloud::Huawei, &service, &operation, None)?;
    let options = cli_options(&rest, &["cli-skip-secure-verify", "help", "debug", "dryrun"]);
    let region = options.iter().rev().find(|o| o.name == "cli-region").and_then(|o| o.value.clone()).filter(|r| !r.is_empty());
    let mut values = Map::new();
    for option in &options {
        let name = option.name.as_str();
        if name.is_empty() {
            unplaced.push(format!("argument:{}", option.value.clone().unwrap_or_default()));
            continue;
        }
        if HCLOUD_CREDENTIALS.contains(&name) || HCLOUD_QUIET.contains(&name) || matches!(name, "debug" | "dryrun" | "help") {
            continue;
        }
        if name.starts_with("cli-") {
            unplaced.push(format!("option:--{name}"));
            continue;
        }
        let mut parts = name.split('.');
        let top = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        let Some(field) = entry.field(top) else {
            unplaced.push(name.to_string());
            continue;
        };
        let slot = values.entry(top.to_string()).or_insert(Value::Null);
        if rest.len() > MAX_DEPTH || put_koo(slot, Some(field), &rest, option.value.clone().unwrap_or_default()).is_err() {
            unplaced.push(name.to_string());
        }
    }
    let mut seen = BTreeSet::new();
    unplaced.retain(|u| seen.insert(u.clone()));
    Ok(Imported { id: entry.id.clone(), region, values: Value::Object(values), unplaced })
}

/// Reads a curl, tccli, aliyun or hcloud command (told apart by its first word) into the
/// operation it calls and the form's values.
pub fn import_command(text: &str, index: &Index<'_>) -> Result<Imported, ImportError> {
    match command_kind(text) {
        Some(CommandKind::Tccli) => import_tccli(text, index),
        Some(CommandKind::Aliyun) => import_aliyun(text, index),
        Some(CommandKind::Hcloud) => import_hcloud(text, index),
        Some(CommandKind::Curl) | None => import_curl(text, index),
    }
}

/// The id a tccli or aliyun command names by its service and action (`tencent.cvm.DescribeZones`),
/// without the catalog: what the page offers to open when a command is for another operation.
pub fn id_from_command(text: &str) -> Option<String> {
    let (program, cloud) = match command_kind(text)? {
        CommandKind::Tccli => ("tccli", "tencent"),
        CommandKind::Aliyun => ("aliyun", "alibaba"),
        CommandKind::Hcloud => ("hcloud", "huawei"),
        CommandKind::Curl => return parse_curl(text).ok().as_ref().and_then(id_from_action),
    };
    let (service, action, _, _) = vendor_words(text, program).ok()?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (plain(&service) && plain(&action)).then(|| format!("{cloud}.{}.{action}", service.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        split_command(text).unwrap().0
    }

    #[test]
    fn shell_quoting_is_read_like_bash() {
        assert_eq!(words(r#"a 'b c' "d \"e\" \$f \x" g\ h"#), ["a", "b c", "d \"e\" $f \\x", "g h"]);
        assert_eq!(words("a 'it'\\''s' \\\n  b"), ["a", "it's", "b"]);
        assert_eq!(words(r"$'\x41\101\u00e9\U0001F600\n\'q'"), ["AAé😀\n'q"]);
        assert_eq!(words("# a comment\n\n  # another\ncurl x # trailing\nnext"), ["curl", "x"]);
        assert_eq!(words("''"), [""]);
        assert!(matches!(split_command("a 'b"), Err(ImportError::Quoting(_))));
        assert!(matches!(split_command("a \"b"), Err(ImportError::Quoting(_))));
        assert!(matches!(split_command("a \\"), Err(ImportError::Quoting(_))));
    }

    #[test]
    fn curl_options_are_read() {
        let r = parse_curl(
            "curl -sSk -XPUT --url 'https://h.example.com:443/a/b?x=1&y=%20' -H 'A: 1' -HB:2 -H 'C;' -H 'D:' -d a=1 -d b=2 --frobnicate",
        )
        .unwrap();
        assert_eq!(r.method, "PUT");
        assert_eq!(r.host, "h.example.com");
        assert_eq!(r.path, "/a/b");
        assert_eq!(r.query, [("x".to_string(), "1".to_string()), ("y".to_string(), " ".to_string())]);
        assert_eq!(r.header("a"), Some("1"));
        assert_eq!(r.header("b"), Some("2"));
        assert_eq!(r.header("c"), Some(""));
        assert_eq!(r.header("d"), None);
        assert_eq!(r.body.as_deref(), Some("a=1&b=2"));
        assert_eq!(r.unread, ["option:--frobnicate"]);
        let r = parse_curl("curl -G https://h.example.com/ --data-urlencode 'q=a b&c'").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.query, [("q".to_string(), "a b&c".to_string())]);
        let r = parse_curl("curl --json '{\"a\":1}' h.example.com").unwrap();
        assert_eq!((r.method.as_str(), r.header("content-type")), ("POST", Some("application/json")));
        assert!(matches!(parse_curl("wget https://x"), Err(ImportError::NotCurl(_))));
        assert!(matches!(parse_curl("curl -H"), Err(ImportError::MissingValue(_))));
        assert!(matches!(parse_curl("curl -s"), Err(ImportError::NoUrl)));
        assert!(matches!(parse_curl("   \n# only a comment\n"), Err(ImportError::Empty)));
    }

    #[test]
    fn curl_is_told_from_json_and_an_id_is_read_from_the_action() {
        assert!(looks_like_curl("# signed …\ncurl -X POST x"));
        assert!(looks_like_curl("  $ curl https://x"));
        assert!(looks_like_curl("/usr/bin/curl x"));
        assert!(!looks_like_curl("{\"curl\": 1}"));
        assert!(!looks_like_curl("curly x"));
        assert!(!looks_like_curl("# curl only in a comment"));
        let r = parse_curl("curl https://cvm.tencentcloudapi.com -H 'X-TC-Action: DescribeZones'").unwrap();
        assert_eq!(id_from_action(&r).as_deref(), Some("tencent.cvm.DescribeZones"));
        let r = parse_curl("curl 'https://ecs-cn-hangzhou.aliyuncs.com/?Action=DescribeRegions'").unwrap();
        assert_eq!(id_from_action(&r).as_deref(), Some("alibaba.ecs.DescribeRegions"));
        let r = parse_curl("curl https://cvm.tencentcloudapi.com -H 'X-TC-Action: a/../b'").unwrap();
        assert_eq!(id_from_action(&r), None);
        let r = parse_curl("curl https://ddm.eu-de.otc.t-systems.com/v1/p/instances").unwrap();
        assert_eq!(id_from_action(&r), None);
    }
}
