//! `cloudreq`: list, inspect, validate and build cloud API requests from a terminal.

/// `print!` for a command's output: when the reader has gone away (`cloudreq list | head -1`)
/// the command ends quietly with success, where `print!` would panic on the closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!($($arg)*))
    };
}

/// `println!` the same way (see [`out!`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod catalog_check;
mod catalog_export;
mod describe;
mod export;
mod import;
mod signing;

use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;
use cloudreq_core::catalog::{catalog, Cloud, Entry};
use cloudreq_core::emit::Target;
use cloudreq_core::pipeline::{self, Input, Signing};
use cloudreq_core::request::HttpRequest;
use cloudreq_core::saved::{find as find_saved, parse_saved, SavedRequest};
use cloudreq_core::sign::{sign, Scope, SignOptions};
use serde_json::Value;
use std::io::Read;
use std::process::ExitCode;

/// Build exact requests for cloud control-plane APIs.
#[derive(Parser)]
#[command(name = "cloudreq", version, arg_required_else_help = true)]
#[command(after_help = "Exit codes: 0 ok, 1 findings or refusal, 2 usage or input problem, 3 the catalog failed to load.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The APIs (ids and titles).
    List {
        /// Print JSON (id, title, cloud, service).
        #[arg(long)]
        json: bool,
    },
    /// Fields, types, rules, endpoints, error codes and notes of one API.
    Show {
        /// The API id (see `cloudreq list`).
        id: Option<String>,
        /// Print the catalog entry as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Findings on a values file, one per line; exit 1 on any error.
    Validate {
        /// The API id (see `cloudreq list`).
        id: Option<String>,
        #[command(flatten)]
        input: ValuesArgs,
    },
    /// The request, as curl, PowerShell, cmd, JSON or HTTP (signed with --sign).
    #[command(after_help = "FILE is a JSON object keyed by wire names (path parameters by name, body or query fields \
        with their nesting); '-' reads standard input. Without --region the API's default region is used \
        (see `cloudreq show`). Secrets are never accepted as command-line arguments.")]
    Build(Box<BuildArgs>),
    /// Serve the web app (default dist: ./dist) and forward the requests it signed.
    Serve(ServeArgs),
    /// Sign a raw request (JSON on standard input: method, host, path, query, headers, body);
    /// prints the headers and the signature stages.
    Sign(Box<SignCommandArgs>),
    /// Catalog folders.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Other formats of the catalog (an OpenAPI 3.1 document per service).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Read a curl command back into its operation and values; prints {"id", "region",
    /// "values", "unplaced"} as JSON. Exit 1 when no operation in the catalog matches.
    Import {
        /// The file holding the command; '-' (the default) reads standard input.
        #[arg(default_value = "-", allow_hyphen_values = true)]
        file: String,
    },
    /// A completion script for a shell (bash, zsh, fish or powershell), on standard output.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// The version.
    #[command(hide = true)]
    Version,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Check a catalog folder (default: the built-in one): keys, folders, fields, rules,
    /// examples.
    Check {
        /// The folder.
        dir: Option<String>,
    },
    /// Write the web app's catalog files into DIR/catalog/.
    Export {
        /// The folder.
        dir: String,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// OpenAPI 3.1 documents, one per service: to standard output when one service is
    /// selected, else with --out one file per service (<cloud>.<service>.<version>.openapi.json).
    Openapi {
        /// Only this cloud's services (huawei, otc, tencent, alibaba).
        #[arg(long, value_name = "C")]
        cloud: Option<String>,
        /// Only this service (`emr`, or `tencent.emr`).
        #[arg(long, value_name = "S")]
        service: Option<String>,
        /// Write one file per service into DIR (created if missing).
        #[arg(long, value_name = "DIR")]
        out: Option<String>,
    },
}

/// Where the values come from, and the region.
#[derive(Args)]
struct ValuesArgs {
    /// JSON object keyed by wire names; '-' reads standard input.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true, conflicts_with = "sample")]
    values: Option<String>,
    /// The API's sample values instead: a documented example that passes its rules, else values
    /// made from the fields' constraints.
    #[arg(long)]
    sample: bool,
    /// Region (default: the API's default region).
    #[arg(long, value_name = "R", allow_hyphen_values = true)]
    region: Option<String>,
}

#[derive(Args)]
struct BuildArgs {
    /// The API id (see `cloudreq list`); with --saved, the saved request's API.
    id: Option<String>,
    #[command(flatten)]
    input: ValuesArgs,
    /// A file of saved requests exported from the web app.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    saved: Option<String>,
    /// Which saved request of --saved (its API, region and values; --region overrides).
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    name: Option<String>,
    /// Output format.
    #[arg(long, value_name = "F", value_parser = parse_target, default_value = "curl", allow_hyphen_values = true)]
    format: Target,
    /// Build even when the values break rules.
    #[arg(long)]
    force: bool,
    /// Sign the request (credentials below).
    #[arg(long)]
    sign: bool,
    #[command(flatten)]
    signing: SigningArgs,
}

#[derive(Args)]
struct ServeArgs {
    /// Port.
    #[arg(long, value_parser = parse_port, default_value = "8080", allow_hyphen_values = true)]
    port: u16,
    /// The built web app.
    #[arg(long, value_name = "DIR", default_value = "dist", allow_hyphen_values = true)]
    dist: String,
    /// Address to listen on (default: loopback).
    #[arg(long, value_name = "IP", value_parser = parse_address, allow_hyphen_values = true)]
    address: Option<std::net::IpAddr>,
    /// Tests: send a catalog host to a stand-in (repeatable).
    #[arg(long, value_name = "HOST=IP:PORT", allow_hyphen_values = true)]
    upstream_override: Vec<String>,
    /// Tests: trust this CA (PEM) for the overridden hosts alone.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    extra_ca: Option<String>,
    /// This installation's storage key, created on first use (default:
    /// $XDG_CONFIG_HOME/cloudreq/storage-key or ~/.config/cloudreq/storage-key). The page seals
    /// what it stores in the browser with it and restores only what it sealed.
    #[arg(long, value_name = "FILE", allow_hyphen_values = true)]
    storage_key_file: Option<String>,
}

#[derive(Args)]
struct SignCommandArgs {
    /// huawei, otc, tencent or alibaba.
    #[arg(long, value_name = "C", allow_hyphen_values = true)]
    cloud: Option<String>,
    /// The service code of the credential scope (default: that of the cloud's first API).
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    service: Option<String>,
    #[command(flatten)]
    signing: SigningArgs,
}

/// Signing options (build --sign, and sign). Secrets come from the environment or standard
/// input, never from the command line. Values may start with '-' (key ids and nonces do), as
/// every option value could before clap.
#[derive(Args)]
struct SigningArgs {
    /// Access key id / SecretId / AccessKey id.
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    access_key_id: Option<String>,
    /// Read the secret key from environment variable NAME.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    secret_key_env: Option<String>,
    /// Read the secret key from the first line of standard input.
    #[arg(long)]
    secret_key_stdin: bool,
    /// Temporary credentials: the session token from environment variable NAME.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    security_token_env: Option<String>,
    /// Huawei Cloud / Open Telekom Cloud: an IAM token (X-Auth-Token) from environment variable
    /// NAME; the only method OTC documents for DDM.
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    token_env: Option<String>,
    /// Signing time (default: now), e.g. 2025-01-24T08:00:00Z.
    #[arg(long, value_name = "RFC3339", allow_hyphen_values = true)]
    at: Option<String>,
    /// Alibaba x-acs-signature-nonce (default: random).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    nonce: Option<String>,
    /// Print the canonical request, string to sign and signature to standard error.
    #[arg(long)]
    explain: bool,
    /// Tencent: also sign x-tc-action, as the signature doc does.
    #[arg(long)]
    tencent_sign_action: bool,
}

impl SigningArgs {
    fn into_sign_args(self) -> signing::SignArgs {
        signing::SignArgs {
            access_key_id: self.access_key_id,
            secret_key_env: self.secret_key_env,
            secret_key_stdin: self.secret_key_stdin,
            security_token_env: self.security_token_env,
            token_env: self.token_env,
            at: self.at,
            nonce: self.nonce,
            explain: self.explain,
            tencent_sign_action: self.tencent_sign_action,
        }
    }
}

fn parse_target(name: &str) -> Result<Target, String> {
    Target::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Target::EVERY.iter().map(|t| t.name()).collect();
        format!("unknown format {name}; use one of {}", names.join(", "))
    })
}

fn parse_port(text: &str) -> Result<u16, String> {
    text.parse().map_err(|_| format!("--port {text:?} is not a port number"))
}

fn parse_address(text: &str) -> Result<std::net::IpAddr, String> {
    text.parse().map_err(|_| format!("--address {text:?} is not an IP address"))
}

/// A failure that ends the command: its message and exit code.
struct Failure(String, u8);

impl Failure {
    /// An input problem (exit 2).
    fn input(message: impl std::fmt::Display) -> Failure {
        Failure(format!("error: {message}"), 2)
    }
}

/// A usage problem found after parsing (exit 2), worded like clap's own.
fn usage_error(message: impl Into<String>) -> Failure {
    Failure(format!("error: {}\n\nFor more information, try '--help'.", message.into()), 2)
}

/// Refuses anything that looks like a secret given on the command line, before clap sees it
/// (clap's messages may quote the argument): `--secret…=…` by name, and every `--name=value`
/// that is not an option of cloudreq with only its name shown.
fn refuse_inline_secrets(args: &[String]) -> Result<(), Failure> {
    let known = long_options();
    for arg in args {
        if arg == "--" {
            break;
        }
        let Some((name, _)) = arg.split_once('=') else { continue };
        if !name.starts_with("--") {
            continue;
        }
        if name.starts_with("--secret") {
            return Err(usage_error("secrets are not accepted on the command line; use --secret-key-env or --secret-key-stdin"));
        }
        if !known.iter().any(|k| k == &name[2..]) {
            return Err(usage_error(format!("unknown option {name}")));
        }
    }
    Ok(())
}

/// Every long option of every subcommand.
fn long_options() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        out.extend(cmd.get_arguments().filter_map(|a| a.get_long().map(str::to_string)));
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = vec!["help".to_string(), "version".to_string()];
    walk(&Cli::command(), &mut out);
    out
}

/// Writes a command's output (see [`out!`]): a closed pipe exits 0 at once, any other write
/// error exits 1 with a message.
pub(crate) fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing the output: {e}");
        std::process::exit(1);
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::from(code)
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    refuse_inline_secrets(args.get(1..).unwrap_or_default())?;
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with exit 0; usage errors exit 2.
            let _ = e.print();
            return Err(Failure(String::new(), if e.use_stderr() { 2 } else { 0 }));
        }
    };
    match cli.command {
        Command::List { json } => list(json),
        Command::Show { id, json } => show(id.as_deref(), json),
        Command::Validate { id, input } => validate(id.as_deref(), &input),
        Command::Build(build_args) => build(*build_args),
        Command::Serve(serve_args) => serve(serve_args),
        Command::Sign(sign_args) => sign_raw(*sign_args),
        Command::Catalog { command: CatalogCommand::Check { dir } } => catalog_check(dir.as_deref()),
        Command::Catalog { command: CatalogCommand::Export { dir } } => {
            catalog_export::run(&dir).map(|s| eprintln!("{s}")).map_err(Failure::input)
        }
        Command::Export { command: ExportCommand::Openapi { cloud, service, out } } => {
            let args = export::OpenApiArgs { cloud: cloud.as_deref(), service: service.as_deref(), out: out.as_deref() };
            match export::run(&args).map_err(Failure::input)? {
                // A closed pipe (`| head`) ends the output quietly.
                export::Written::Document(text) => drop(std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())),
                export::Written::Files(summary) => eprintln!("{summary}"),
            }
            Ok(())
        }
        Command::Import { file } => {
            let (label, text) = read_file(&file)?;
            let out = import::run(&label, &text).map_err(|(message, code)| Failure(message, code))?;
            // A closed pipe (`| head`) ends the output quietly.
            drop(std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes()));
            Ok(())
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "cloudreq", &mut std::io::stdout());
            Ok(())
        }
        Command::Version => {
            outln!("cloudreq {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
    }
}

/// `cloudreq list [--json]`.
fn list(json: bool) -> Result<(), Failure> {
    let cat = full_catalog()?;
    if json {
        let list: Vec<Value> =
            cat.entries.iter().map(|e| serde_json::json!({"id": e.id, "title": e.title, "cloud": e.cloud, "service": e.service})).collect();
        outln!("{}", to_pretty(&Value::Array(list)));
    } else {
        let width = cat.entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
        for e in &cat.entries {
            outln!("{:width$}  {}", e.id, e.title);
        }
    }
    Ok(())
}

/// `cloudreq show <id> [--json]`.
fn show(id: Option<&str>, json: bool) -> Result<(), Failure> {
    let entry = entry_arg(id)?;
    if json {
        let value = serde_json::to_value(entry).map_err(|e| Failure(format!("error: {e}"), 3))?;
        outln!("{}", to_pretty(&value));
    } else {
        out!("{}", describe::describe(entry));
    }
    Ok(())
}

/// `cloudreq validate <id> --values FILE [--region R]`.
fn validate(id: Option<&str>, input: &ValuesArgs) -> Result<(), Failure> {
    let entry = entry_arg(id)?;
    let values = values_for(entry, input)?;
    let region = input.region.clone().unwrap_or_else(|| entry.endpoint.default_region.clone());
    let outcome = pipeline::run(&Input { entry, values: &values, region: &region, signing: None, targets: &[] });
    for f in &outcome.findings {
        outln!("{f}");
    }
    if outcome.has_errors() {
        return Err(Failure(String::new(), 1));
    }
    if outcome.findings.is_empty() {
        eprintln!("ok: no findings");
    }
    Ok(())
}

/// `cloudreq build`: validate, refuse on errors (unless --force), build, sign, emit.
fn build(args: BuildArgs) -> Result<(), Failure> {
    let saved = saved_arg(&args)?;
    let entry = match &saved {
        Some(s) => saved_entry(args.id.as_deref(), s)?,
        None => entry_arg(args.id.as_deref())?,
    };
    let target = args.format;
    if !target.applies_to(entry.cloud) {
        let clouds = target.clouds().join(", ");
        return Err(usage_error(format!(
            "--format {} is for {clouds} operations only; {} is {}",
            target.name(),
            entry.id,
            entry.cloud.as_str()
        )));
    }
    if target.needs_operation() && args.sign {
        return Err(usage_error(format!("--format {} signs with its own credentials; leave out --sign", target.name())));
    }
    let signing_args = args.signing.into_sign_args();
    let stdin_file = args.input.values.as_deref() == Some("-") || args.saved.as_deref() == Some("-");
    if args.sign && signing_args.secret_key_stdin && stdin_file {
        return Err(usage_error("--secret-key-stdin and a file read from - both want standard input; put the values in a file"));
    }
    if !args.sign && signing_args.any_credential() {
        return Err(usage_error("credentials were given without --sign"));
    }
    let (values, saved_region) = match saved {
        Some(s) => (s.values, Some(s.region)),
        None => (values_for(entry, &args.input)?, None),
    };
    let region = args.input.region.clone().or(saved_region).unwrap_or_else(|| entry.endpoint.default_region.clone());
    let targets = [target];
    let mut input = Input { entry, values: &values, region: &region, signing: None, targets: &targets };
    let unsigned = pipeline::run(&input);
    for f in &unsigned.findings {
        eprintln!("{f}");
    }
    if unsigned.has_errors() && !args.force {
        return Err(Failure("error: the values break the rules above; fix them or pass --force".into(), 1));
    }
    if let Err(e) = &unsigned.request {
        return Err(Failure(format!("error: {e}"), 1));
    }
    if let Some(Err(e)) = unsigned.operation_text(target) {
        return Err(Failure(format!("error: {e}"), 1));
    }
    // A value the target's shell would break on (a line break in a header for cmd): refused,
    // even with --force.
    if let Some(e) = unsigned.unwritable(target) {
        return Err(Failure(format!("error: {e}"), 1));
    }
    if !args.sign {
        out!("{}", unsigned.text(target).unwrap_or_default());
        return Ok(());
    }
    // Credentials are read only now: a refusal above never touches them.
    let creds = signing::credentials(entry.cloud, &signing_args).map_err(Failure::input)?;
    let at = signing::time(&signing_args).map_err(Failure::input)?;
    input.signing = Some(Signing {
        credentials: &creds,
        at,
        nonce: Some(signing::nonce(&signing_args)),
        tencent_sign_action: signing_args.tencent_sign_action,
    });
    let signed = pipeline::run(&input);
    match &signed.signature {
        Some(Ok(signature)) => {
            if signing_args.explain {
                eprint!("{}", signature.explanation);
            }
            if let Some(e) = signed.unwritable(target) {
                return Err(Failure(format!("error: {e}"), 1));
            }
            out!("{}", signed.text(target).unwrap_or_default());
            Ok(())
        }
        Some(Err(e)) => Err(Failure(format!("error: {e}"), 1)),
        None => Err(Failure("error: the request could not be signed".into(), 1)),
    }
}

/// `cloudreq catalog check [DIR]`: exit 1 when the catalog has problems.
fn catalog_check(dir: Option<&str>) -> Result<(), Failure> {
    match catalog_check::run(dir) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Failure(String::new(), 1)),
        Err(e) => Err(Failure::input(e)),
    }
}

/// `cloudreq serve`: the app plus the forwarder (crates/proxy).
fn serve(args: ServeArgs) -> Result<(), Failure> {
    let mut overrides = std::collections::HashMap::new();
    for spec in &args.upstream_override {
        let (host, addr) = spec.split_once('=').ok_or_else(|| usage_error("--upstream-override wants HOST=IP:PORT"))?;
        let addr = addr.parse().map_err(|_| usage_error(format!("--upstream-override: {addr:?} is not IP:PORT")))?;
        overrides.insert(host.to_ascii_lowercase(), addr);
    }
    let extra_roots = match &args.extra_ca {
        Some(path) => cloudreq_proxy::load_pem_certs(std::path::Path::new(path)).map_err(Failure::input)?,
        None => Vec::new(),
    };
    let key_file = match &args.storage_key_file {
        Some(path) => Some(std::path::PathBuf::from(path)),
        None => cloudreq_proxy::storage_key::default_path(),
    };
    let storage_key = match key_file {
        Some(path) => Some(cloudreq_proxy::storage_key::load_or_create(&path).map_err(|e| Failure(format!("error: {e}"), 1))?),
        None => {
            eprintln!("WARNING: no HOME or XDG_CONFIG_HOME: the page stores without seals (see --storage-key-file)");
            None
        }
    };
    let config = cloudreq_proxy::Config {
        address: args.address,
        port: args.port,
        dist: Some(args.dist.into()),
        overrides,
        extra_roots,
        storage_key,
        ..Default::default()
    };
    cloudreq_proxy::serve_blocking(config).map_err(|e| Failure(format!("error: {e}"), 1))
}

/// `cloudreq sign`: signs a raw request given as JSON on standard input.
fn sign_raw(args: SignCommandArgs) -> Result<(), Failure> {
    let cloud_name = args.cloud.as_deref().ok_or_else(|| usage_error("sign needs --cloud huawei|tencent|alibaba"))?;
    let cloud: Cloud =
        serde_json::from_value(Value::String(cloud_name.to_string())).map_err(|_| usage_error(format!("unknown cloud {cloud_name}")))?;
    let signing_args = args.signing.into_sign_args();
    if signing_args.secret_key_stdin {
        return Err(usage_error("sign reads the request from standard input; use --secret-key-env"));
    }
    // Without --service: the service of the catalog's first API of that cloud.
    let service = match args.service {
        Some(service) => service,
        None => full_catalog()?
            .entries
            .iter()
            .find(|e| e.cloud == cloud)
            .map(|e| e.service.clone())
            .ok_or_else(|| usage_error(format!("no API of cloud {cloud_name}")))?,
    };
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| Failure::input(format!("reading standard input: {e}")))?;
    let input: Value = serde_json::from_str(&text).map_err(|e| Failure::input(format!("the request is not valid JSON: {e}")))?;
    let pairs = |key: &str| -> Result<Vec<(String, String)>, Failure> {
        match input.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => {
                serde_json::from_value(v.clone()).map_err(|_| Failure::input(format!("{key} must be a list of [name, value] pairs")))
            }
        }
    };
    let text_of = |key: &str, default: &str| input.get(key).and_then(Value::as_str).unwrap_or(default).to_string();
    let request = HttpRequest {
        method: text_of("method", "POST"),
        scheme: "https".into(),
        host: text_of("host", ""),
        path: text_of("path", "/"),
        query: pairs("query")?,
        headers: pairs("headers")?,
        body: text_of("body", "").into_bytes(),
    };
    let creds = signing::credentials(cloud, &signing_args).map_err(Failure::input)?;
    let at = signing::time(&signing_args).map_err(Failure::input)?;
    let opts = SignOptions {
        nonce: Some(signing::nonce(&signing_args)),
        project_id: input.get("project_id").and_then(Value::as_str).map(str::to_string),
        tencent_sign_action: signing_args.tencent_sign_action,
    };
    let region = input.get("region").and_then(Value::as_str).unwrap_or_default();
    let scope = Scope { cloud, service: &service, region, at };
    let signed = sign(&scope, &request, &creds, &opts).map_err(|e| Failure(format!("error: {e}"), 1))?;
    let out = serde_json::json!({
        "headers": signed.request.headers,
        "stages": signed.stages,
        "valid_until": signed.valid_until,
    });
    outln!("{}", to_pretty(&out));
    Ok(())
}

fn to_pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn entry_arg(id: Option<&str>) -> Result<&'static Entry, Failure> {
    let id = id.ok_or_else(|| usage_error("which API? give its id (see `cloudreq list`)"))?;
    cloudreq_core::catalog::entry(id).ok_or_else(|| {
        let wanted = id.rsplit('.').next().unwrap_or(id).to_lowercase();
        let service = id.rsplit_once('.').map_or("", |(service, _)| service);
        let mut like: Vec<String> = cloudreq_core::catalog::ids().filter(|known| known.to_lowercase().contains(&wanted)).collect();
        like.sort_by_key(|known| !known.starts_with(service));
        like.truncate(10);
        if like.is_empty() {
            like = cloudreq_core::catalog::ids().take(10).collect();
        }
        Failure::input(format!("no API with id {id}; known ids like it: {} (all of them: cloudreq list)", like.join(", ")))
    })
}

/// The whole catalog, for commands about more than one operation.
fn full_catalog() -> Result<&'static cloudreq_core::catalog::Catalog, Failure> {
    match &catalog().load_error {
        Some(e) => Err(Failure(format!("error: the built-in catalog failed to load: {e}"), 3)),
        None => Ok(catalog()),
    }
}

/// With `--saved FILE --name NAME`: that saved request (read with the web app's file format).
fn saved_arg(args: &BuildArgs) -> Result<Option<SavedRequest>, Failure> {
    let Some(file) = args.saved.as_deref() else {
        if args.name.is_some() {
            return Err(usage_error("--name goes with --saved FILE"));
        }
        return Ok(None);
    };
    if args.input.values.is_some() {
        return Err(usage_error("give either --values or --saved, not both"));
    }
    let name = args.name.as_deref().ok_or_else(|| usage_error("--saved FILE needs --name NAME (which saved request)"))?;
    let (label, text) = read_file(file)?;
    let list = parse_saved(&text, &OneAtATime).map_err(|e| Failure::input(format!("{label}: {e}")))?;
    let found = find_saved(&list, name).map_err(|e| Failure::input(format!("{label}: {e}")))?;
    Ok(Some(found.clone()))
}

/// The API of a saved request; an id given as well must be the same.
fn saved_entry(id: Option<&str>, saved: &SavedRequest) -> Result<&'static Entry, Failure> {
    if let Some(id) = id {
        if id != saved.id {
            return Err(usage_error(format!("the saved request {:?} is for {}, not {id}", saved.name, saved.id)));
        }
    }
    // parse_saved checked the id against this catalog.
    cloudreq_core::catalog::entry(&saved.id).ok_or_else(|| Failure::input(format!("no API with id {}", saved.id)))
}

/// The catalog as a saved-requests file needs it, each API loaded when asked for (a file names
/// a few of the catalog's operations; loading all of them costs more than the command).
struct OneAtATime;

impl cloudreq_core::saved::KnownApis for OneAtATime {
    fn default_region(&self, id: &str) -> Option<String> {
        cloudreq_core::catalog::entry(id).map(|e| e.endpoint.default_region.clone())
    }
}

/// A file's text and how to name it in messages (`-` is standard input).
fn read_file(file: &str) -> Result<(String, String), Failure> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| Failure::input(format!("reading standard input: {e}")))?;
        Ok(("standard input".to_string(), text))
    } else {
        let text = std::fs::read_to_string(file).map_err(|e| Failure::input(format!("reading {file}: {e}")))?;
        Ok((file.to_string(), text))
    }
}

/// The values of --values FILE, or the API's sample values with --sample.
fn values_for(entry: &Entry, input: &ValuesArgs) -> Result<Value, Failure> {
    if input.sample {
        return Ok(cloudreq_core::sample::sample_values(entry));
    }
    read_values(input.values.as_deref())
}

fn read_values(file: Option<&str>) -> Result<Value, Failure> {
    let file = file.ok_or_else(|| usage_error("--values FILE (or --sample) is required"))?;
    let (name, text) = read_file(file)?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::input(format!("{name} is not valid JSON: {e} (line {}, column {})", e.line(), e.column())))
}
