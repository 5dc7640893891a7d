//! `cloudreq`: list, inspect, validate and build cloud API requests from a terminal.

mod catalog_check;
mod catalog_export;
mod describe;
mod signing;

use cloudreq_core::catalog::{catalog, Entry};
use cloudreq_core::emit::Target;
use cloudreq_core::pipeline::{self, Input, Signing};
use cloudreq_core::request::HttpRequest;
use cloudreq_core::saved::{find as find_saved, parse_saved, SavedRequest};
use cloudreq_core::sign::{sign, Scope, SignOptions};
use serde_json::Value;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "\
cloudreq — build exact requests for cloud control-plane APIs

Usage:
  cloudreq list [--json]                      the APIs (ids and titles)
  cloudreq show <id> [--json]                 fields, types, rules, endpoints
  cloudreq validate <id> --values FILE [--region R]
                                              findings, one per line; exit 1 on any error
  cloudreq build <id> --values FILE [--region R] [--format F] [--force] [--sign …]
                                              the request; F is json, curl (default),
                                              curl-pwsh, curl-cmd or http
  cloudreq build --saved FILE --name NAME [--region R] [--format F] [--force] [--sign …]
                                              the same for a request saved in the web
                                              app and exported there (its API, region
                                              and values; --region overrides)
  cloudreq serve [--port 8080] [--dist DIR] [--address IP]
                                              serve the web app (default dist: ./dist) and
                                              forward the requests it signed to the clouds
  cloudreq catalog check [DIR]                check a catalog folder (default: the built-in
                                              one): keys, folders, fields, rules, examples
  cloudreq sign --cloud C --service S [credentials] < request.json
                                              sign a raw request (JSON: method, host, path,
                                              query, headers, body); prints headers + stages

Signing (build --sign, and sign):
  --access-key-id ID          access key id / SecretId / AccessKey id
  --secret-key-env NAME       read the secret key from environment variable NAME
  --secret-key-stdin          read the secret key from the first line of standard input
  --security-token-env NAME   temporary credentials: the session token from NAME
  --token-env NAME            Huawei Cloud / Open Telekom Cloud: an IAM token (X-Auth-Token);
                              the only method OTC documents for DDM
  --at RFC3339                signing time (default: now), e.g. 2025-01-24T08:00:00Z
  --nonce N                   Alibaba x-acs-signature-nonce (default: random)
  --explain                   print the canonical request, string to sign and signature
                              to standard error
  --tencent-sign-action       Tencent: also sign x-tc-action, as the signature doc does
Secrets are never accepted as command-line arguments.

FILE is a JSON object keyed by wire names (path parameters by name, body or query fields
with their nesting); '-' reads standard input. Without --region the API's default region
is used (see `cloudreq show`). --force builds even when the values break rules.
";

/// A failure that ends the command: its message and exit code.
struct Failure(String, u8);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
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

fn usage_error(message: impl Into<String>) -> Failure {
    Failure(format!("error: {}\n\n{USAGE}", message.into()), 2)
}

/// Parsed options common to the subcommands.
#[derive(Default)]
struct Options {
    positional: Vec<String>,
    json: bool,
    force: bool,
    sign: bool,
    values: Option<String>,
    saved: Option<String>,
    name: Option<String>,
    region: Option<String>,
    format: Option<String>,
    cloud: Option<String>,
    service: Option<String>,
    port: Option<String>,
    dist: Option<String>,
    address: Option<String>,
    overrides: Vec<String>,
    extra_ca: Option<String>,
    signing: signing::SignArgs,
}

fn parse_options(args: &[String]) -> Result<Options, Failure> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value_of = |name: &str| {
            it.next().cloned().ok_or_else(|| usage_error(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--json" => o.json = true,
            "--force" => o.force = true,
            "--values" => o.values = Some(value_of("--values")?),
            "--saved" => o.saved = Some(value_of("--saved")?),
            "--name" => o.name = Some(value_of("--name")?),
            "--region" => o.region = Some(value_of("--region")?),
            "--format" => o.format = Some(value_of("--format")?),
            "--sign" => o.sign = true,
            "--port" => o.port = Some(value_of("--port")?),
            "--dist" => o.dist = Some(value_of("--dist")?),
            "--address" => o.address = Some(value_of("--address")?),
            "--upstream-override" => o.overrides.push(value_of("--upstream-override")?),
            "--extra-ca" => o.extra_ca = Some(value_of("--extra-ca")?),
            "--cloud" => o.cloud = Some(value_of("--cloud")?),
            "--service" => o.service = Some(value_of("--service")?),
            "--access-key-id" => o.signing.access_key_id = Some(value_of("--access-key-id")?),
            "--secret-key-env" => o.signing.secret_key_env = Some(value_of("--secret-key-env")?),
            "--secret-key-stdin" => o.signing.secret_key_stdin = true,
            "--security-token-env" => o.signing.security_token_env = Some(value_of("--security-token-env")?),
            "--token-env" => o.signing.token_env = Some(value_of("--token-env")?),
            "--at" => o.signing.at = Some(value_of("--at")?),
            "--nonce" => o.signing.nonce = Some(value_of("--nonce")?),
            "--explain" => o.signing.explain = true,
            "--tencent-sign-action" => o.signing.tencent_sign_action = true,
            s if s.starts_with("--secret") && s.contains('=') => {
                return Err(usage_error("secrets are not accepted on the command line; use --secret-key-env or --secret-key-stdin"))
            }
            // Only the name is echoed: whatever follows "=" might be a secret.
            s if s.starts_with("--") => {
                let name = s.split('=').next().unwrap_or(s);
                return Err(usage_error(format!("unknown option {name}")));
            }
            s => o.positional.push(s.to_string()),
        }
    }
    Ok(o)
}

fn run(args: &[String]) -> Result<(), Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(usage_error("no command given"));
    };
    let cat = catalog();
    if let Some(e) = &cat.load_error {
        return Err(Failure(format!("error: the built-in catalog failed to load: {e}"), 3));
    }
    if matches!(command.as_str(), "help" | "--help" | "-h") {
        print!("{USAGE}");
        return Ok(());
    }
    if matches!(command.as_str(), "--version" | "version") {
        println!("cloudreq {}", env!("CARGO_PKG_VERSION"));
        return Ok(());
    }
    let o = parse_options(rest)?;
    match command.as_str() {
        "list" => {
            if o.json {
                let list: Vec<Value> = cat
                    .entries
                    .iter()
                    .map(|e| serde_json::json!({"id": e.id, "title": e.title, "cloud": e.cloud, "service": e.service}))
                    .collect();
                println!("{}", to_pretty(&Value::Array(list)));
            } else {
                let width = cat.entries.iter().map(|e| e.id.len()).max().unwrap_or(0);
                for e in &cat.entries {
                    println!("{:width$}  {}", e.id, e.title);
                }
            }
            Ok(())
        }
        "show" => {
            let entry = entry_arg(&o)?;
            if o.json {
                let value = serde_json::to_value(entry).map_err(|e| Failure(format!("error: {e}"), 3))?;
                println!("{}", to_pretty(&value));
            } else {
                print!("{}", describe::describe(entry));
            }
            Ok(())
        }
        "validate" => {
            let entry = entry_arg(&o)?;
            let values = read_values(&o)?;
            let region = o.region.clone().unwrap_or_else(|| entry.endpoint.default_region.clone());
            let outcome = pipeline::run(&Input { entry, values: &values, region: &region, signing: None, targets: &[] });
            for f in &outcome.findings {
                println!("{f}");
            }
            if outcome.has_errors() {
                Err(Failure(String::new(), 1))
            } else {
                if outcome.findings.is_empty() {
                    eprintln!("ok: no findings");
                }
                Ok(())
            }
        }
        "build" => {
            let saved = saved_arg(&o)?;
            let entry = match &saved {
                Some(s) => saved_entry(&o, s)?,
                None => entry_arg(&o)?,
            };
            let target = match &o.format {
                None => Target::Curl,
                Some(name) => Target::parse(name).ok_or_else(|| {
                    let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
                    usage_error(format!("unknown format {name}; use one of {}", names.join(", ")))
                })?,
            };
            let stdin_file = o.values.as_deref() == Some("-") || o.saved.as_deref() == Some("-");
            if o.sign && o.signing.secret_key_stdin && stdin_file {
                return Err(usage_error("--secret-key-stdin and a file read from - both want standard input; put the values in a file"));
            }
            if !o.sign && o.signing.any_credential() {
                return Err(usage_error("credentials were given without --sign"));
            }
            let (values, saved_region) = match saved {
                Some(s) => (s.values, Some(s.region)),
                None => (read_values(&o)?, None),
            };
            let region = o.region.clone().or(saved_region).unwrap_or_else(|| entry.endpoint.default_region.clone());
            let targets = [target];
            let mut input = Input { entry, values: &values, region: &region, signing: None, targets: &targets };
            let unsigned = pipeline::run(&input);
            for f in &unsigned.findings {
                eprintln!("{f}");
            }
            if unsigned.has_errors() && !o.force {
                return Err(Failure("error: the values break the rules above; fix them or pass --force".into(), 1));
            }
            if let Err(e) = &unsigned.request {
                return Err(Failure(format!("error: {e}"), 1));
            }
            if !o.sign {
                print!("{}", unsigned.text(target).unwrap_or_default());
                return Ok(());
            }
            // Credentials are read only now: a refusal above never touches them.
            let creds = signing::credentials(entry.cloud, &o.signing).map_err(|e| Failure(format!("error: {e}"), 2))?;
            let at = signing::time(&o.signing).map_err(|e| Failure(format!("error: {e}"), 2))?;
            input.signing = Some(Signing {
                credentials: &creds,
                at,
                nonce: Some(signing::nonce(&o.signing)),
                tencent_sign_action: o.signing.tencent_sign_action,
            });
            let signed = pipeline::run(&input);
            match &signed.signature {
                Some(Ok(signature)) => {
                    if o.signing.explain {
                        eprint!("{}", signature.explanation);
                    }
                    print!("{}", signed.text(target).unwrap_or_default());
                    Ok(())
                }
                Some(Err(e)) => Err(Failure(format!("error: {e}"), 1)),
                None => Err(Failure("error: the request could not be signed".into(), 1)),
            }
        }
        "sign" => sign_raw(&o),
        "serve" => serve(&o),
        "catalog" => match o.positional.as_slice() {
            [sub] if sub == "check" => catalog_check(None),
            [sub, dir] if sub == "check" => catalog_check(Some(dir)),
            [sub, dir] if sub == "export" => catalog_export::run(dir).map(|s| eprintln!("{s}")).map_err(|e| Failure(format!("error: {e}"), 2)),
            _ => Err(usage_error("catalog wants: check [DIR] | export DIR")),
        },
        other => Err(usage_error(format!("unknown command {other}"))),
    }
}

/// `cloudreq catalog check [DIR]`: exit 1 when the catalog has problems.
fn catalog_check(dir: Option<&str>) -> Result<(), Failure> {
    match catalog_check::run(dir) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Failure(String::new(), 1)),
        Err(e) => Err(Failure(format!("error: {e}"), 2)),
    }
}

/// `cloudreq serve`: the app plus the forwarder (crates/proxy).
fn serve(o: &Options) -> Result<(), Failure> {
    let port: u16 = match &o.port {
        Some(p) => p.parse().map_err(|_| usage_error(format!("--port {p:?} is not a port number")))?,
        None => 8080,
    };
    let address = match &o.address {
        Some(a) => Some(a.parse().map_err(|_| usage_error(format!("--address {a:?} is not an IP address")))?),
        None => None,
    };
    let dist = o.dist.clone().unwrap_or_else(|| "dist".into());
    let mut overrides = std::collections::HashMap::new();
    for spec in &o.overrides {
        let (host, addr) = spec
            .split_once('=')
            .ok_or_else(|| usage_error("--upstream-override wants HOST=IP:PORT"))?;
        let addr = addr.parse().map_err(|_| usage_error(format!("--upstream-override: {addr:?} is not IP:PORT")))?;
        overrides.insert(host.to_ascii_lowercase(), addr);
    }
    let extra_roots = match &o.extra_ca {
        Some(path) => cloudreq_proxy::load_pem_certs(std::path::Path::new(path)).map_err(|e| Failure(format!("error: {e}"), 2))?,
        None => Vec::new(),
    };
    let config = cloudreq_proxy::Config {
        address,
        port,
        dist: Some(dist.into()),
        overrides,
        extra_roots,
        ..Default::default()
    };
    cloudreq_proxy::serve_blocking(config).map_err(|e| Failure(format!("error: {e}"), 1))
}

/// `cloudreq sign`: signs a raw request given as JSON on standard input.
fn sign_raw(o: &Options) -> Result<(), Failure> {
    use cloudreq_core::catalog::Cloud;
    let cloud_name = o.cloud.as_deref().ok_or_else(|| usage_error("sign needs --cloud huawei|tencent|alibaba"))?;
    let cloud: Cloud = serde_json::from_value(Value::String(cloud_name.to_string()))
        .map_err(|_| usage_error(format!("unknown cloud {cloud_name}")))?;
    if o.signing.secret_key_stdin {
        return Err(usage_error("sign reads the request from standard input; use --secret-key-env"));
    }
    // Without --service: the service of the catalog's first API of that cloud.
    let service = match &o.service {
        Some(service) => service.clone(),
        None => catalog()
            .entries
            .iter()
            .find(|e| e.cloud == cloud)
            .map(|e| e.service.clone())
            .ok_or_else(|| usage_error(format!("no API of cloud {cloud_name}")))?,
    };
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| Failure(format!("error: reading standard input: {e}"), 2))?;
    let input: Value = serde_json::from_str(&text)
        .map_err(|e| Failure(format!("error: the request is not valid JSON: {e}"), 2))?;
    let pairs = |key: &str| -> Result<Vec<(String, String)>, Failure> {
        match input.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(v) => serde_json::from_value(v.clone()).map_err(|_| Failure(format!("error: {key} must be a list of [name, value] pairs"), 2)),
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
    let creds = signing::credentials(cloud, &o.signing).map_err(|e| Failure(format!("error: {e}"), 2))?;
    let at = signing::time(&o.signing).map_err(|e| Failure(format!("error: {e}"), 2))?;
    let opts = SignOptions {
        nonce: Some(signing::nonce(&o.signing)),
        project_id: input.get("project_id").and_then(Value::as_str).map(str::to_string),
        tencent_sign_action: o.signing.tencent_sign_action,
    };
    let region = input.get("region").and_then(Value::as_str).unwrap_or_default();
    let scope = Scope { cloud, service: &service, region, at };
    let signed = sign(&scope, &request, &creds, &opts).map_err(|e| Failure(format!("error: {e}"), 1))?;
    let out = serde_json::json!({
        "headers": signed.request.headers,
        "stages": signed.stages,
        "valid_until": signed.valid_until,
    });
    println!("{}", to_pretty(&out));
    Ok(())
}

fn to_pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn entry_arg(o: &Options) -> Result<&'static Entry, Failure> {
    let id = o.positional.first().ok_or_else(|| usage_error("which API? give its id (see `cloudreq list`)"))?;
    catalog().get(id).ok_or_else(|| {
        let ids: Vec<&str> = catalog().entries.iter().map(|e| e.id.as_str()).collect();
        Failure(format!("error: no API with id {id}; known ids: {}", ids.join(", ")), 2)
    })
}

/// With `--saved FILE --name NAME`: that saved request (read with the web app's file format).
fn saved_arg(o: &Options) -> Result<Option<SavedRequest>, Failure> {
    let Some(file) = o.saved.as_deref() else {
        if o.name.is_some() {
            return Err(usage_error("--name goes with --saved FILE"));
        }
        return Ok(None);
    };
    if o.values.is_some() {
        return Err(usage_error("give either --values or --saved, not both"));
    }
    let name = o.name.as_deref().ok_or_else(|| usage_error("--saved FILE needs --name NAME (which saved request)"))?;
    let (label, text) = read_file(file)?;
    let list = parse_saved(&text, catalog()).map_err(|e| Failure(format!("error: {label}: {e}"), 2))?;
    let found = find_saved(&list, name).map_err(|e| Failure(format!("error: {label}: {e}"), 2))?;
    Ok(Some(found.clone()))
}

/// The API of a saved request; an id given as well must be the same.
fn saved_entry(o: &Options, saved: &SavedRequest) -> Result<&'static Entry, Failure> {
    if let Some(id) = o.positional.first() {
        if *id != saved.id {
            return Err(usage_error(format!("the saved request {:?} is for {}, not {id}", saved.name, saved.id)));
        }
    }
    // parse_saved checked the id against this catalog.
    catalog().get(&saved.id).ok_or_else(|| Failure(format!("error: no API with id {}", saved.id), 2))
}

/// A file's text and how to name it in messages (`-` is standard input).
fn read_file(file: &str) -> Result<(String, String), Failure> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure(format!("error: reading standard input: {e}"), 2))?;
        Ok(("standard input".to_string(), text))
    } else {
        let text = std::fs::read_to_string(file).map_err(|e| Failure(format!("error: reading {file}: {e}"), 2))?;
        Ok((file.to_string(), text))
    }
}

fn read_values(o: &Options) -> Result<Value, Failure> {
    let file = o.values.as_deref().ok_or_else(|| usage_error("--values FILE is required"))?;
    let (name, text) = if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure(format!("error: reading standard input: {e}"), 2))?;
        ("standard input".to_string(), text)
    } else {
        let text = std::fs::read_to_string(file).map_err(|e| Failure(format!("error: reading {file}: {e}"), 2))?;
        (file.to_string(), text)
    };
    serde_json::from_str(&text).map_err(|e| {
        Failure(
            format!("error: {name} is not valid JSON: {e} (line {}, column {})", e.line(), e.column()),
            2,
        )
    })
}
