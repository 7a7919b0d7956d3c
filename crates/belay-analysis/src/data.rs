//! What counts as sensitive data: credential files by path, and secrets by their shape in text.

use std::path::Path;

/// Names a credential store when `path` is one (`~/.ssh/id_ed25519` → "SSH private key").
pub fn secret_path_kind(path: &Path, home: &Path) -> Option<&'static str> {
    let text = path.to_string_lossy();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let rel = path
        .strip_prefix(home)
        .ok()
        .map(|p| p.to_string_lossy().into_owned());
    let under = |prefix: &str| {
        rel.as_deref()
            .and_then(|r| r.strip_prefix(prefix))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };

    if under(".ssh") {
        if rel.as_deref() == Some(".ssh") {
            return Some("SSH key directory");
        }
        let key_name = (name.starts_with("id_")
            || name.ends_with(".pem")
            || name.ends_with(".key")
            || name.contains("_key"))
            && !name.ends_with(".pub");
        return key_name.then_some("SSH private key");
    }
    if under(".aws") && (name == "credentials" || rel.as_deref() == Some(".aws")) {
        return Some("AWS credentials");
    }
    if under(".config/gcloud") || under(".azure") {
        return Some("cloud CLI credentials");
    }
    if under(".kube") && (name == "config" || rel.as_deref() == Some(".kube")) {
        return Some("kubeconfig");
    }
    if under(".gnupg") {
        return Some("GnuPG keyring");
    }
    if under(".config/gh") && name == "hosts.yml" {
        return Some("GitHub CLI token");
    }
    if under(".docker") && name == "config.json" {
        return Some("Docker registry credentials");
    }
    if under(".password-store") || under("Library/Keychains") {
        return Some("password store");
    }
    match name.as_str() {
        ".netrc" | ".git-credentials" | ".pypirc" | ".vault-token" => {
            return Some("credential file");
        }
        ".npmrc" if rel.as_deref() == Some(".npmrc") => return Some("npm token file"),
        "cookies" | "cookies.sqlite" | "login data" | "logins.json" | "key4.db" => {
            return Some("browser credentials");
        }
        ".bash_history" | ".zsh_history" | ".python_history" | ".psql_history" => {
            return Some("shell history");
        }
        "shadow" | "gshadow" if text.starts_with("/etc/") => return Some("system password hashes"),
        _ => {}
    }
    if is_env_file(&name) {
        return Some("environment file");
    }
    let ext = name.rsplit('.').next().unwrap_or("");
    if name.contains('.') && matches!(ext, "pem" | "key" | "p12" | "pfx" | "keystore" | "jks") {
        return Some("private key file");
    }
    if name.starts_with("credentials")
        || name.contains("secret")
        || name.contains("service-account")
    {
        return Some("credentials file");
    }
    if path.components().any(|c| c.as_os_str() == "secrets") && !name.ends_with(".md") {
        return Some("secrets directory");
    }
    None
}

/// `.env`, `.env.local`, `prod.env`; not `.env.example` and other templates.
pub fn is_env_file(name: &str) -> bool {
    let name = name.to_lowercase();
    let template = ["example", "sample", "template", "dist", "defaults"]
        .iter()
        .any(|t| name.ends_with(t));
    !template && (name == ".env" || name.starts_with(".env.") || name.ends_with(".env"))
}

/// True when `text` holds something shaped like a live credential: a known token prefix, a
/// private key block, a URL with a password, or `password=`-style assignments with a value.
pub fn looks_like_secret_text(text: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "github_pat_",
        "glpat-",
        "xoxb-",
        "xoxp-",
        "xoxa-",
        "sk-ant-",
        "sk_live_",
        "rk_live_",
        "whsec_",
        "AKIA",
        "ASIA",
        "AIza",
        "npm_",
        "pypi-",
        "hf_",
    ];
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") {
        return true;
    }
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c))) {
        if token.len() >= 16 && PREFIXES.iter().any(|p| token.starts_with(p)) {
            return true;
        }
        if token.len() >= 20 && token.starts_with("sk-") {
            return true;
        }
    }
    // scheme://user:password@host
    if let Some(at) = text.find('@') {
        let before = &text[..at];
        if let Some(scheme) = before.rfind("://") {
            let cred = &before[scheme + 3..];
            if let Some((user, pass)) = cred.split_once(':')
                && !user.is_empty()
                && pass.len() >= 4
                && !pass.contains(char::is_whitespace)
                && !pass.starts_with('$')
            {
                return true;
            }
        }
    }
    let lower = text.to_lowercase();
    for key in ["password", "passwd", "secret", "api_key", "apikey", "token"] {
        let mut rest = lower.as_str();
        while let Some(pos) = rest.find(key) {
            let after = rest[pos + key.len()..].trim_start_matches(['"', '\'', ' ']);
            if let Some(value) = after
                .strip_prefix("=>")
                .or_else(|| after.strip_prefix(['=', ':']))
            {
                let value = value.trim_start().trim_start_matches(['"', '\'', ' ']);
                let word: String = value
                    .chars()
                    .take_while(|c| !"\"',;)\n".contains(*c))
                    .collect();
                let word = word.trim();
                if word.len() >= 4
                    && !word.starts_with('$')
                    && !word.starts_with('{')
                    && !word.starts_with('<')
                    && !word.contains("example")
                    && !word.contains("changeme")
                {
                    return true;
                }
            }
            rest = &rest[pos + key.len()..];
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn secret_paths() {
        let home = PathBuf::from("/home/dev");
        let cases: &[(&str, Option<&str>)] = &[
            ("/home/dev/.ssh/id_rsa", Some("SSH private key")),
            ("/home/dev/.ssh/id_rsa.pub", None),
            ("/home/dev/.ssh/config", None),
            ("/home/dev/.aws/credentials", Some("AWS credentials")),
            ("/home/dev/.aws/config", None),
            ("/home/dev/projects/a/.env", Some("environment file")),
            ("/home/dev/projects/a/.env.example", None),
            ("/home/dev/projects/a/src/main.rs", None),
            ("/home/dev/.config/gh/hosts.yml", Some("GitHub CLI token")),
            (
                "/home/dev/projects/a/config/credentials.php",
                Some("credentials file"),
            ),
            ("/home/dev/.kube/config", Some("kubeconfig")),
        ];
        for (path, want) in cases {
            assert_eq!(secret_path_kind(Path::new(path), &home), *want, "{path}");
        }
    }

    #[test]
    fn secret_text() {
        let yes = [
            "token ghp_R4nd0mT0k3nEXAMPLE9xQ2",
            "postgres://app:Vq8!sT4g1ng@staging-db.internal/storefront",
            "'gmail_app_password' => 'abcd efgh'",
            "AKIAIOSFODNN7EXAMPLEXX",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
        ];
        let no = [
            "the password field is required",
            "use $TOKEN here",
            "postgres://localhost/db",
            "hello world",
            "password: $DB_PASSWORD",
        ];
        for t in yes {
            assert!(looks_like_secret_text(t), "{t}");
        }
        for t in no {
            assert!(!looks_like_secret_text(t), "{t}");
        }
    }
}
