//! Credentials from the environment or standard input (never from argv), the clock and the
//! nonce: the I/O the pure core leaves to its callers.

use cloudreq_core::catalog::Cloud;
use cloudreq_core::profile::{profile, PROFILES};
use cloudreq_core::sign::{AuthMode, Credentials, Secret, UtcTime};
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
        (None, false) => {
            Err("signing needs the secret key: --secret-key-env NAME or --secret-key-stdin (never on the command line)".into())
        }
    }
}

/// Builds the credentials for `cloud` from the options; which kinds the cloud takes is its
/// profile's business.
pub fn credentials(cloud: Cloud, args: &SignArgs) -> Result<Credentials, String> {
    let profile = profile(cloud);
    let session_token = args.security_token_env.as_deref().map(|n| env_secret(n, "security token")).transpose()?;
    if let Some(name) = &args.token_env {
        if !profile.takes(AuthMode::Token) {
            let takers: Vec<&str> = PROFILES.iter().filter(|p| p.takes(AuthMode::Token)).map(|p| p.name).collect();
            return Err(format!("--token-env (an IAM token) is for {}", takers.join(" and ")));
        }
        if args.access_key_id.is_some() || args.secret_key_env.is_some() || args.secret_key_stdin {
            return Err("give either an IAM token (--token-env) or an access key pair, not both".into());
        }
        return Ok(Credentials::Token { token: env_secret(name, "IAM token")? });
    }
    if !profile.takes(AuthMode::AccessKey) {
        // Where the same token works, say which cloud takes an access key instead.
        let alternatives: Vec<&str> = PROFILES
            .iter()
            .filter(|p| p.cloud != cloud && p.token_header == profile.token_header && p.takes(AuthMode::AccessKey))
            .map(|p| p.name)
            .collect();
        return Err(format!(
            "{}: pass --token-env NAME (an IAM token); AK/SK signing is offered for {}",
            profile.modes_reason,
            alternatives.join(" and ")
        ));
    }
    let access_key_id = args.access_key_id.clone().filter(|s| !s.is_empty()).ok_or_else(|| {
        // The clouds that take a token as well as a key.
        let both: Vec<&str> =
            PROFILES.iter().filter(|p| p.takes(AuthMode::AccessKey) && p.takes(AuthMode::Token)).map(|p| p.name).collect();
        format!("signing needs --access-key-id ID (or, for {}, --token-env NAME)", both.join(" and "))
    })?;
    let secret = secret_key(args)?;
    Ok(Credentials::AccessKey { access_key_id, secret, session_token })
}

/// The signing time: `--at` or now.
pub fn time(args: &SignArgs) -> Result<UtcTime, String> {
    match &args.at {
        Some(text) => {
            UtcTime::parse_rfc3339(text).ok_or_else(|| format!("--at {text:?} is not an RFC 3339 time such as 2025-01-24T08:00:00Z"))
        }
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
