//! belay-config: configuration a team can live with.
//!
//! * [`config`]: the user's `config.toml` (`$BELAY_CONFIG`, else
//!   `$XDG_CONFIG_HOME/belay/config.toml`, else `~/.config/belay/config.toml`): trusted
//!   environment, permission rules, protected paths, severity overrides, denial limits, model
//!   settings; [`check`] gives line- and column-precise diagnostics for `belay config check`.
//! * [`claude`]: Claude Code's `autoMode` block from `~/.claude/settings.json` (or
//!   `$CLAUDE_CONFIG_DIR/settings.json`): environment lines become trusted context, rule texts go
//!   to the model tier, and the patterns belay can enforce are extracted.
//! * [`project`]: a project's `.belay.toml`, which may only add deny/ask rules, protected paths,
//!   `hard` severities and lower limits; everything else is rejected with a reason.
//! * [`effective`]: [`EffectiveConfig::merge`] (tighten-only) and the matcher
//!   [`EffectiveConfig::user_rule`], with Claude Code's precedence (deny, ask, allow).
//! * [`load`]: [`load_for`] loads all of it for a working directory, as the hook does
//!   (faults in the user's files, rejections in the project's).
//! * [`pattern`]: the rule syntax (`Bash(git push:*)`, `Edit(~/.ssh/**)`,
//!   `WebFetch(domain:example.com)`, `mcp__server__*`, ...).
//!
//! Nothing here panics on any input; every file problem is a diagnostic or a rejection.

pub mod claude;
pub mod config;
pub mod diagnostic;
pub mod effective;
pub mod error;
pub mod load;
pub mod paths;
pub mod pattern;
pub mod project;
pub mod rule;

pub use claude::{ClaudeAutoMode, Entry, ExtractedRule};
pub use config::{Config, Limits, ModelConfig, RuleSet, check, check_str};
pub use diagnostic::{Diagnostic, Level};
pub use effective::{EffectiveConfig, SourcedRule};
pub use error::ConfigError;
pub use load::{Loaded, Locations, load_for};
pub use pattern::{Pattern, PatternError, PatternWarning};
pub use project::{ProjectConfig, Rejected, load_project, parse_project};
pub use rule::{RuleAction, RuleMatch, RuleSource};

use std::path::Path;

/// Loads a user `config.toml` (a missing file is the default configuration; any error
/// diagnostic fails).
pub fn load_user_config(path: &Path) -> Result<Config, ConfigError> {
    if !path.exists() {
        return Ok(Config::default());
    }
    check(path).map_err(ConfigError::Invalid)
}

/// Loads the user's configuration from explicit paths: `config.toml` and Claude's settings
/// (either may be absent).
pub fn load_user_from(
    config_path: Option<&Path>,
    claude_settings: Option<&Path>,
) -> Result<Config, ConfigError> {
    let mut config = match config_path {
        Some(p) => load_user_config(p)?,
        None => Config::default(),
    };
    if let Some(p) = claude_settings {
        config.claude = ClaudeAutoMode::load(p)?;
    }
    Ok(config)
}

/// Loads the user's configuration from the locations the environment names.
pub fn load_user() -> Result<Config, ConfigError> {
    load_user_from(
        paths::user_config_path_from_env().as_deref(),
        paths::claude_settings_path_from_env().as_deref(),
    )
}

/// Loads and merges everything in force for a project root: the user's configuration and the
/// project's `.belay.toml`. Returns the project's rejections too (the merge's own are in
/// [`EffectiveConfig::rejected`]).
pub fn load_effective(
    project_root: &Path,
) -> Result<(EffectiveConfig, Vec<Rejected>), ConfigError> {
    let user = load_user()?;
    let (project, rejected) = load_project(&paths::project_config_path(project_root));
    Ok((EffectiveConfig::merge(&user, &project), rejected))
}
