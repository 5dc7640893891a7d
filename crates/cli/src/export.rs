//! `cloudreq export openapi [--cloud C] [--service S] [--out DIR]`: the OpenAPI 3.1 document of
//! each selected service (see `cloudreq_core::openapi`), to standard output when one service is
//! selected and no folder is given, else one file per service in DIR.

use cloudreq_core::catalog::FILES;
use cloudreq_core::openapi::{document, services, Service};
use std::path::Path;

/// What `export openapi` was asked for.
pub struct OpenApiArgs<'a> {
    /// Only services of this cloud.
    pub cloud: Option<&'a str>,
    /// Only services with this code (`emr`), or this `<cloud>.<service>[.<version>]` key.
    pub service: Option<&'a str>,
    /// The folder to write into.
    pub out: Option<&'a str>,
}

/// What was written: the document itself (standard output) or a one-line summary.
pub enum Written {
    /// The single document, to print.
    Document(String),
    /// Files were written; the summary says where.
    Files(String),
}

fn selected(service: &Service, args: &OpenApiArgs) -> bool {
    let cloud_ok = args.cloud.is_none_or(|c| c.eq_ignore_ascii_case(service.cloud.as_str()));
    let service_ok = args.service.is_none_or(|s| {
        let s = s.to_ascii_lowercase();
        s == service.service || s == format!("{}.{}", service.cloud.as_str(), service.service) || s == service.key()
    });
    cloud_ok && service_ok
}

/// Builds the selected documents and writes them (or returns the only one). Errors are
/// messages for the user (exit 2).
pub fn run(args: &OpenApiArgs) -> Result<Written, String> {
    let all = services(FILES).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!("the built-in catalog cannot be exported:\n{}", lines.join("\n"))
    })?;
    let chosen: Vec<&Service> = all.iter().filter(|s| selected(s, args)).collect();
    let keys = || all.iter().map(Service::key).collect::<Vec<_>>().join(", ");
    if chosen.is_empty() {
        return Err(format!("no service matches; the services are: {}", keys()));
    }
    let Some(dir) = args.out else {
        if let [only] = chosen.as_slice() {
            return Ok(Written::Document(pretty(&document(only))));
        }
        let names: Vec<String> = chosen.iter().map(|s| s.key()).collect();
        return Err(format!(
            "{} services match ({}); pick one with --cloud/--service, or write one file each with --out DIR",
            chosen.len(),
            names.join(", ")
        ));
    };
    let root = Path::new(dir);
    std::fs::create_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let mut operations = 0;
    for service in &chosen {
        let path = root.join(service.file_name());
        std::fs::write(&path, pretty(&document(service))).map_err(|e| format!("{}: {e}", path.display()))?;
        operations += service.entries.len();
    }
    Ok(Written::Files(format!("{} OpenAPI documents ({operations} operations) written to {}", chosen.len(), root.display())))
}

fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
