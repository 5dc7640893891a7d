//! `cloudreq import [FILE|-]`: a curl, tccli, aliyun or hcloud command (curl as cloudreq prints it, as the clouds document
//! it, as a browser copies it) read back into the operation it calls and the form's values.
//! Prints `{"id", "region", "values", "unplaced"}` as JSON; the reading itself is
//! `cloudreq_core::import`.

use cloudreq_core::catalog::catalog;
use cloudreq_core::import::{import_command, ImportError, Index};

/// The JSON to print, or the message and exit code of the failure: 1 when the command is
/// read but no catalog operation matches it, 2 when it cannot be read, 3 when the catalog
/// failed to load.
pub fn run(label: &str, text: &str) -> Result<String, (String, u8)> {
    let cat = catalog();
    if let Some(e) = &cat.load_error {
        return Err((format!("error: the built-in catalog failed to load: {e}"), 3));
    }
    let index = Index::new(&cat.entries);
    match import_command(text, &index) {
        Ok(imported) => {
            let mut out = serde_json::to_string_pretty(&imported).map_err(|e| (format!("error: {e}"), 3))?;
            out.push('\n');
            if !imported.unplaced.is_empty() {
                eprintln!("note: not placed in the form: {}", imported.unplaced.join(", "));
            }
            Ok(out)
        }
        Err(e @ ImportError::Unrecognised(_)) => {
            Err((format!("error: {label}: {e}\n(`cloudreq list` shows the operations the catalog knows)"), 1))
        }
        Err(e) => Err((format!("error: {label}: {e}"), 2)),
    }
}
