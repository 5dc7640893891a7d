//! Credentials from the environment or standard input (never from argv), the clock and the
//! nonce: the I/O the pure core leaves to its callers.

use cloudreq_core::catalog::Cloud;
use cloudreq_core::sign::{Credentials, Secret, UtcTime};
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::BufRead;

/// Signing options from the command line.
#[derive(Default)]
pub struct SignArgs {
    pub access_key_id: Option<String>,
    pub secret_key_env: Option<String>,
    pub secret_key_stdin: bool,
    pub security_token_env: Option<String>,
    pub token_env: Option<String>,
    pub at: Option<String>,
    pub nonce: Option<String>,
    pub explain: bool,
    pub tencent_sign_action: bool,
}

impl SignArgs {
    /// Whether any credential option was given.
    pub fn any_credential(&self) -> bool {
        self.access_key_id.is_some()
            || self.secret_key_env.is_some()
            || self.secret_key_stdin
            || self.token_env.is_some()
            || self.security_token_env.is_some()
    }
}

fn env_secret(name: &str, what: &str) -> Result<Secret, String> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Ok(Secret::new(v)),
        Ok(_) => Err(format!("the environment variable {name} ({what}) is empty")),
        Err(_) => Err(format!("the environment variable {name} ({what}) is not set")),
    }
}

/// Reads the secret key: from the named environment variable, or the first line of stdin.
fn secret_key(args: &SignArgs) -> Result<Secret, String> {
    match (&args.secret_key_env, args.secret_key_stdin) {
        (Some(_), true) => Err("give the secret key one way: --secret-key-env or --secret-key-stdin".into()),
        (Some(name), false) => env_secret(name, "secret key"),
        (None, true) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("reading the secret key from stdin: {e}"))?;
            let key = line.trim_end_matches(['\r', '\n']).to_string();
            if key.is_empty() {
                return Err("standard input held no secret key".into());
            }
            Ok(Secret::new(key))
        }
        (None, false) => Err("signing needs the secret key: --secret-key-env NAME or --secret-key-stdin (never on the command line)".into()),
    }
}

/// Builds the credentials for `cloud` from the options.
pub fn credentials(cloud: Cloud, args: &SignArgs) -> Result<Credentials, String> {
    let security_token = args.security_token_env.as_deref().map(|n| env_secret(n, "security token")).transpose()?;
    if let Some(name) = &args.token_env {
        if !matches!(cloud, Cloud::Huawei | Cloud::Otc) {
            return Err("--token-env (an IAM token) is for Huawei Cloud and Open Telekom Cloud".into());
        }
        if args.access_key_id.is_some() || args.secret_key_env.is_some() || args.secret_key_stdin {
            return Err("give either an IAM token (--token-env) or an access key pair, not both".into());
        }
        return Ok(Credentials::HuaweiToken { token: env_secret(name, "IAM token")? });
    }
    if cloud == Cloud::Otc {
        return Err("Open Telekom Cloud's DDM API documents token authentication only: pass --token-env NAME \
                    (an IAM token); AK/SK signing is offered for Huawei Cloud"
            .into());
    }
    let id = args
        .access_key_id
        .clone()
        .filter(|s| !s.is_empty())
        .ok_or("signing needs --access-key-id ID (or, for Huawei Cloud, --token-env NAME)")?;
    let secret = secret_key(args)?;
    Ok(match cloud {
        Cloud::Huawei | Cloud::Otc => Credentials::HuaweiAkSk { access_key_id: id, secret_access_key: secret, security_token },
        Cloud::Tencent => Credentials::Tencent { secret_id: id, secret_key: secret, token: security_token },
        Cloud::Alibaba => Credentials::Alibaba { access_key_id: id, access_key_secret: secret, security_token },
    })
}

/// The signing time: `--at` or now.
pub fn time(args: &SignArgs) -> Result<UtcTime, String> {
    match &args.at {
        Some(text) => UtcTime::parse_rfc3339(text)
            .ok_or_else(|| format!("--at {text:?} is not an RFC 3339 time such as 2025-01-24T08:00:00Z")),
        None => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| "the system clock is before 1970".to_string())?;
            Ok(UtcTime(now.as_secs() as i64))
        }
    }
}

/// The nonce: `--nonce` or 128 random bits as 32 hex digits.
pub fn nonce(args: &SignArgs) -> String {
    if let Some(n) = &args.nonce {
        return n.clone();
    }
    // Each RandomState is seeded from the OS's randomness.
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(i);
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

