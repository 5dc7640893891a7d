//! Emitters: one [`HttpRequest`] rendered for a target (curl for POSIX shells, PowerShell,
//! cmd; JSON; raw HTTP), and the operation targets that also need to know the API (the
//! clouds' own CLIs and SDKs: see [`emit_operation`]). Quoting is exact for any text the
//! request can hold.

use crate::catalog::{Cloud, Entry, Style};
use crate::request::HttpRequest;
use serde_json::{Map, Value};

#[path = "emit_vendor.rs"]
mod vendor;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The body pretty-printed (or, for query-only requests, the query parameters as JSON).
    Json,
    /// curl for bash, zsh and POSIX sh.
    Curl,
    /// curl.exe from PowerShell 7.3 or later.
    CurlPwsh,
    /// curl.exe from Windows cmd.
    CurlCmd,
    /// Raw HTTP/1.1 text.
    Http,
    /// The Tencent Cloud CLI (`tccli`), bash quoting.
    Tccli,
    /// The Alibaba Cloud CLI (`aliyun`), bash quoting.
    Aliyun,
    /// Huawei Cloud's KooCLI (`hcloud`), bash quoting.
    Hcloud,
    /// A Python script using the cloud's official SDK.
    Python,
}

impl Target {
    /// The targets rendered from the HTTP request alone, for every cloud, in display order.
    pub const ALL: [Target; 5] = [Target::Curl, Target::CurlPwsh, Target::CurlCmd, Target::Json, Target::Http];

    /// The targets that also need the operation (its name, service, version) and exist for
    /// some clouds only: see [`Target::applies_to`] and [`emit_operation`].
    pub const OPERATION: [Target; 4] = [Target::Tccli, Target::Aliyun, Target::Hcloud, Target::Python];

    /// Every target: [`Target::ALL`], then [`Target::OPERATION`].
    pub const EVERY: [Target; 9] = [
        Target::Curl,
        Target::CurlPwsh,
        Target::CurlCmd,
        Target::Json,
        Target::Http,
        Target::Tccli,
        Target::Aliyun,
        Target::Hcloud,
        Target::Python,
    ];

    /// Whether this target exists for operations of `cloud` (the request targets exist for all).
    pub fn applies_to(self, cloud: Cloud) -> bool {
        match self {
            Target::Json | Target::Curl | Target::CurlPwsh | Target::CurlCmd | Target::Http => true,
            Target::Tccli => cloud == Cloud::Tencent,
            Target::Aliyun => cloud == Cloud::Alibaba,
            // KooCLI is Huawei Cloud's; Open Telekom Cloud is not among its clouds.
            Target::Hcloud => cloud == Cloud::Huawei,
            // OTC's APIs take an IAM token; the Huawei Python SDK signs with AK/SK only.
            Target::Python => cloud != Cloud::Otc,
        }
    }

    /// Whether the target is rendered by [`emit_operation`] rather than [`emit`].
    pub fn needs_operation(self) -> bool {
        !Target::ALL.contains(&self)
    }

    /// The clouds this target exists for, as words (for error messages).
    pub fn clouds(self) -> Vec<&'static str> {
        crate::profile::PROFILES.iter().map(|p| p.cloud).filter(|c| self.applies_to(*c)).map(Cloud::as_str).collect()
    }

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Target::Json => "json",
            Target::Curl => "curl",
            Target::CurlPwsh => "curl-pwsh",
            Target::CurlCmd => "curl-cmd",
            Target::Http => "http",
            Target::Tccli => "tccli",
            Target::Aliyun => "aliyun",
            Target::Hcloud => "hcloud",
            Target::Python => "python",
        }
    }

    /// Parses a target name.
    pub fn parse(name: &str) -> Option<Target> {
        Target::EVERY.into_iter().find(|t| t.name() == name)
    }
}

/// Renders `req` for `target` with a first comment line (`#` for shells and PowerShell, `rem`
/// for cmd); targets without comments (JSON, HTTP) leave it out.
pub fn emit_with_comment(req: &HttpRequest, style: Style, target: Target, comment: &str) -> Result<String, Unwritable> {
    let comment = comment.replace(crate::validate::is_control_or_break, " ");
    let prefix = match target {
        Target::Curl | Target::CurlPwsh => format!("# {comment}\n"),
        Target::CurlCmd => format!("rem {comment}\n"),
        Target::Json | Target::Http => String::new(),
        // They sign with their own credentials: a signature's expiry says nothing about them.
        Target::Tccli | Target::Aliyun | Target::Hcloud | Target::Python => String::new(),
    };
    Ok(format!("{prefix}{}", emit(req, style, target)?))
}

/// Renders `req` for `target`. Commands and JSON end with a newline; raw HTTP ends exactly
/// where the body ends. The operation targets need more than the request: for them this
/// gives a one-line note pointing at [`emit_operation`].
pub fn emit(req: &HttpRequest, style: Style, target: Target) -> Result<String, Unwritable> {
    writable(req, target)?;
    Ok(match target {
        Target::Json => json(req, style),
        Target::Curl => command(req, "curl", " \\", sh_quote),
        Target::CurlPwsh => command(req, "curl.exe", " `", pwsh_quote),
        Target::CurlCmd => command(req, "curl.exe", " ^", cmd_quote),
        Target::Http => http(req),
        Target::Tccli | Target::Aliyun | Target::Hcloud | Target::Python => {
            format!("# {} needs the operation, not only the request\n", target.name())
        }
    })
}

/// Why a request cannot be written for a target: one of its values holds a character that
/// the target's shell (or, for raw HTTP, the message framing) would break the command on: a
/// raw line break ends a cmd or PowerShell command in the middle, the rest running as a
/// command of its own; no POSIX shell can pass a NUL. The request is refused, not mangled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritable {
    /// The target refused.
    pub target: Target,
    /// Where the character is: a header name, `the URL`, `the body` or a body member's path.
    pub place: String,
    /// The character.
    pub ch: char,
}

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let into = match self.target {
            Target::CurlCmd => "a Windows cmd command",
            Target::CurlPwsh => "a PowerShell command",
            Target::Http => "a raw HTTP request",
            _ => "a shell command",
        };
        write!(
            f,
            "{}: holds a control character or line break (U+{:04X}), which cannot be written into {into} ({}) without breaking it; remove it",
            self.place,
            self.ch as u32,
            self.target.name()
        )
    }
}

impl std::error::Error for Unwritable {}

/// Why an operation target has no text for a request: not offered for it, or not writable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmitError {
    /// The target does not exist for this operation (another cloud, no SDK package…).
    NotOffered(NotOffered),
    /// A value cannot be written into the target's command.
    Unwritable(Unwritable),
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EmitError::NotOffered(e) => e.fmt(f),
            EmitError::Unwritable(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for EmitError {}

impl From<NotOffered> for EmitError {
    fn from(e: NotOffered) -> EmitError {
        EmitError::NotOffered(e)
    }
}

impl From<Unwritable> for EmitError {
    fn from(e: Unwritable) -> EmitError {
        EmitError::Unwritable(e)
    }
}

/// Whether `c` breaks a command written for `target` where a value goes as it is.
fn breaks(target: Target, c: char) -> bool {
    match target {
        // Inside POSIX single quotes every character stands for itself, line breaks included
        // (the vendor CLIs' commands are bash too); only NUL cannot be passed at all.
        Target::Curl | Target::Tccli | Target::Aliyun | Target::Hcloud => c == '\0',
        // cmd ends a command at a line break, quoted or not; PowerShell reads a command line by
        // line when pasted; raw HTTP ends a header at CR or LF. Tabs are harmless in all three.
        Target::CurlCmd | Target::CurlPwsh | Target::Http => c != '\t' && crate::validate::is_control_or_break(c),
        // JSON and Python escape every control character.
        Target::Json | Target::Python => false,
    }
}

fn first_break(target: Target, place: &str, text: &str) -> Result<(), Unwritable> {
    match text.chars().find(|&c| breaks(target, c)) {
        Some(ch) => Err(Unwritable { target, place: place.to_string(), ch }),
        None => Ok(()),
    }
}

/// Strings of a JSON value with their paths (a body as the vendor CLIs write it: decoded).
fn json_strings<'a>(value: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(s) => out.push((at, s)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| json_strings(v, format!("{at}[{i}]"), out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push((if at.is_empty() { k.clone() } else { format!("{at}.{k}") }, k));
                json_strings(v, if at.is_empty() { k.clone() } else { format!("{at}.{k}") }, out);
            }
        }
        _ => {}
    }
}

/// Checks every text that `target` writes as it is: header names and values, the URL, the
/// body (and, for the vendor CLIs, the body's decoded strings and the query values).
pub fn writable(req: &HttpRequest, target: Target) -> Result<(), Unwritable> {
    if matches!(target, Target::Json | Target::Python) {
        return Ok(());
    }
    for (name, value) in &req.headers {
        first_break(target, name, name)?;
        first_break(target, name, value)?;
    }
    if !target.needs_operation() {
        // The path and query are percent-encoded in the URL; the body is JSON or form-encoded.
        first_break(target, "the URL", &req.url())?;
        if target != Target::Http {
            // (Raw HTTP: the body follows its Content-Length, any bytes.)
            first_break(target, "the body", &String::from_utf8_lossy(&req.body))?;
        }
        return Ok(());
    }
    // The vendor CLIs write the host, then every parameter decoded, as its own shell word.
    first_break(target, "the URL", &req.host)?;
    for (name, value) in &req.query {
        first_break(target, name, name)?;
        first_break(target, name, value)?;
    }
    let form = req.header("Content-Type").is_some_and(|c| c.starts_with(crate::request::FORM_CONTENT_TYPE));
    if form {
        for (name, value) in vendor::form_decode(&req.body) {
            first_break(target, &name, &name)?;
            first_break(target, &name, &value)?;
        }
    } else if let Ok(value) = serde_json::from_slice::<Value>(&req.body) {
        let mut strings = Vec::new();
        json_strings(&value, String::new(), &mut strings);
        for (at, s) in strings {
            first_break(target, &at, s)?;
        }
    } else {
        first_break(target, "the body", &String::from_utf8_lossy(&req.body))?;
    }
    Ok(())
}

/// Why an operation target cannot render an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOffered(pub String);

impl std::fmt::Display for NotOffered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotOffered {}

/// Renders an operation for a target: `req` is the request as assembled from the values
/// (unsigned, without placeholders: [`crate::request::build`]), `values` what the user
/// entered, `region` where it goes. The request targets render `req` as [`emit`] does; the
/// operation targets name the API their own way and sign with their own credentials.
pub fn emit_operation(entry: &Entry, req: &HttpRequest, values: &Value, region: &str, target: Target) -> Result<String, EmitError> {
    if !target.applies_to(entry.cloud) {
        return Err(EmitError::NotOffered(NotOffered(format!(
            "the {} format exists for {} operations only, not for {} ({})",
            target.name(),
            target.clouds().join(", "),
            entry.cloud.as_str(),
            entry.id
        ))));
    }
    writable(req, target)?;
    // The vendor CLIs also write path parameters and values the request does not carry as
    // text (hcloud): no value of any kind may hold what the target cannot write.
    if target.needs_operation() {
        let mut strings = Vec::new();
        json_strings(values, String::new(), &mut strings);
        for (at, s) in strings {
            first_break(target, &at, s)?;
        }
    }
    Ok(match target {
        Target::Tccli => vendor::tccli(entry, req, region)?,
        Target::Aliyun => vendor::aliyun(entry, req, region)?,
        Target::Hcloud => vendor::hcloud(entry, req, values, region)?,
        Target::Python => vendor::python(entry, req, values, region)?,
        _ => emit(req, entry.style, target)?,
    })
}

/// Adds the auth headers an unsigned request still needs, as visible `<…>` placeholders (the
/// cloud's [`Profile`](crate::profile::Profile) lists them).
pub fn with_auth_placeholders(req: &HttpRequest, cloud: Cloud) -> HttpRequest {
    let mut out = req.clone();
    for (name, value) in crate::profile::profile(cloud).placeholders {
        if out.header(name).is_none() {
            out.headers.push((name.to_string(), value.to_string()));
        }
    }
    out
}

fn json(req: &HttpRequest, style: Style) -> String {
    let value = if !req.body.is_empty() {
        match serde_json::from_slice::<Value>(&req.body) {
            Ok(v) => v,
            Err(_) => Value::String(String::from_utf8_lossy(&req.body).into_owned()),
        }
    } else if style == Style::Rpc || !req.query.is_empty() {
        Value::Object(req.query.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<Map<_, _>>())
    } else {
        Value::Object(Map::new())
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

fn command(req: &HttpRequest, program: &str, continuation: &str, quote: fn(&str) -> String) -> String {
    let mut lines: Vec<String> = Vec::new();
    for (name, value) in &req.headers {
        // curl drops a header given as "Name:" with no value; "Name;" sends it empty.
        let header = if value.is_empty() { format!("{name};") } else { format!("{name}: {value}") };
        lines.push(format!("-H {}", quote(&header)));
    }
    if !req.body.is_empty() {
        let body = String::from_utf8_lossy(&req.body);
        lines.push(format!("--data-raw {}", quote(&body)));
    } else if req.method != "GET" && req.method != "HEAD" {
        lines.push(format!("-H {}", quote("Content-Length: 0")));
    }
    let mut out = format!("{program} -X {} {}", req.method, quote(&req.url()));
    if req.path.split('/').any(|segment| segment == "." || segment == "..") {
        // Otherwise curl would resolve the dot segments and send another path.
        out.push_str(" --path-as-is");
    }
    for line in lines {
        out.push_str(continuation);
        out.push_str("\n  ");
        out.push_str(&line);
    }
    out.push('\n');
    out
}

/// POSIX single quotes: exact for every byte but NUL, in bash, zsh and dash alike.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// PowerShell single quotes. PowerShell also treats the typographic single quotes
/// U+2018–U+201B as quote marks, so each is doubled like `'`.
pub fn pwsh_quote(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// cmd.exe double quotes for a program that splits its command line like the Microsoft C
/// runtime (curl.exe does): `"` becomes `""` (cmd stays inside quotes, the runtime reads one
/// quote), backslashes before a quote are doubled, and `%` is written `"^%"` so cmd does not
/// expand variables. Line breaks cannot be passed through cmd at all; requests never hold any
/// (bodies are escaped JSON, queries are percent-encoded).
pub fn cmd_quote(s: &str) -> String {
    let mut out = String::from("\"");
    let mut backslashes = 0usize;
    for c in s.chars() {
        match c {
            '\\' => {
                backslashes += 1;
                continue;
            }
            '"' => {
                out.push_str(&"\\".repeat(backslashes * 2));
                out.push_str("\"\"");
            }
            '%' => {
                // The quote we close here would otherwise be escaped by these backslashes.
                out.push_str(&"\\".repeat(backslashes * 2));
                out.push_str("\"^%\"");
            }
            _ => {
                out.push_str(&"\\".repeat(backslashes));
                out.push(c);
            }
        }
        backslashes = 0;
    }
    out.push_str(&"\\".repeat(backslashes * 2));
    out.push('"');
    out
}

fn http(req: &HttpRequest) -> String {
    let mut out = format!("{} {} HTTP/1.1\r\nHost: {}\r\n", req.method, req.target(), req.host);
    for (name, value) in &req.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if !req.body.is_empty() || (req.method != "GET" && req.method != "HEAD") {
        out.push_str(&format!("Content-Length: {}\r\n", req.body.len()));
    }
    out.push_str("\r\n");
    // Exact bytes: nothing is added after the body.
    out.push_str(&String::from_utf8_lossy(&req.body));
    out
}
