//! The user's configuration that the hook reads: Claude Code's `autoMode.environment` lines
//! (trusted infrastructure), from the user's own settings file only. A project's settings are
//! not read here: a repository must not be able to declare its own hosts trusted.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Settings files are small; anything larger is not read.
const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// The user's Claude Code settings file (`$CLAUDE_CONFIG_DIR/settings.json` or
/// `~/.claude/settings.json`).
pub fn user_settings_path(home: &Path) -> PathBuf {
    match std::env::var_os("CLAUDE_CONFIG_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("settings.json"),
        _ => home.join(".claude").join("settings.json"),
    }
}

/// `autoMode.environment` from the user's settings, without the `$defaults` marker. A missing
/// or unreadable file is no environment (nothing extra is trusted).
pub fn load_environment(home: &Path) -> Result<Vec<String>, String> {
    let path = user_settings_path(home);
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(_) => return Ok(Vec::new()),
    };
    if meta.len() > MAX_SETTINGS_BYTES {
        return Err(format!("{} is too large to read", path.display()));
    }
    let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: Value =
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(environment_from_settings(&value))
}

/// The environment lines of one settings object.
pub fn environment_from_settings(settings: &Value) -> Vec<String> {
    settings
        .pointer("/autoMode/environment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|line| line.trim() != "$defaults")
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_environment_lines() {
        let v = serde_json::json!({"autoMode": {"environment": ["$defaults", "Our GitHub org: acme-corp", 3]}});
        assert_eq!(
            environment_from_settings(&v),
            vec!["Our GitHub org: acme-corp"]
        );
        assert!(environment_from_settings(&serde_json::json!({})).is_empty());
    }
}
