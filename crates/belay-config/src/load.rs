//! Loading everything in force for one working directory, as the hook does before judging a
//! call: the user's `config.toml`, Claude Code's `autoMode` block and every project `.belay.toml`
//! from the working directory up to the repository root.
//!
//! Nothing is parsed when no file exists (a few `stat`s). A user file that cannot be used is a
//! *fault*: the caller must not decide silently (the hook asks before every call). A project item
//! that cannot be used, or that would loosen anything, is *rejected*: ignored and reported.

use crate::claude::ClaudeAutoMode;
use crate::config::Config;
use crate::effective::EffectiveConfig;
use crate::error::ConfigError;
use crate::paths;
use crate::project::{ProjectConfig, Rejected, load_project};
use std::path::{Path, PathBuf};

/// Where the user's own files are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locations {
    /// The user's `config.toml` (need not exist).
    pub user_config: Option<PathBuf>,
    /// Claude Code's user settings (need not exist).
    pub claude_settings: Option<PathBuf>,
}

impl Locations {
    /// The locations the environment names (`BELAY_CONFIG`, `XDG_CONFIG_HOME`,
    /// `CLAUDE_CONFIG_DIR`, `HOME`).
    pub fn from_env() -> Locations {
        Locations {
            user_config: paths::user_config_path_from_env(),
            claude_settings: paths::claude_settings_path_from_env(),
        }
    }
}

/// Everything loaded for one working directory.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The configuration in force.
    pub config: EffectiveConfig,
    /// The user's `config.toml` as read (default when missing or broken).
    pub user: Config,
    /// The project files' additions, combined.
    pub project: ProjectConfig,
    /// The project files read, nearest first.
    pub project_files: Vec<PathBuf>,
    /// Why the user's configuration cannot be used, one line per problem
    /// (`path:line:column: message`). Non-empty means: decide nothing silently.
    pub faults: Vec<String>,
    /// Project items ignored, each with its file and position.
    pub rejected: Vec<Rejected>,
    /// Entries used but worth a word (`path:line:column: warning: ...`).
    pub warnings: Vec<String>,
}

impl Loaded {
    pub fn is_faulty(&self) -> bool {
        !self.faults.is_empty()
    }
}

/// Loads the user's files at `locations` and the project files for `cwd`.
pub fn load_for(locations: &Locations, cwd: &Path, home: &Path) -> Loaded {
    let mut out = Loaded::default();
    if let Some(path) = &locations.user_config {
        match crate::load_user_config(path) {
            Ok(config) => {
                out.warnings
                    .extend(config.warnings.iter().map(|d| named(d, path)));
                out.user = config;
            }
            Err(ConfigError::Invalid(diagnostics)) => {
                out.faults.extend(
                    diagnostics
                        .iter()
                        .filter(|d| d.is_error())
                        .map(|d| named(d, path)),
                );
            }
            Err(e) => out.faults.push(e.to_string()),
        }
    }
    if let Some(path) = &locations.claude_settings {
        match ClaudeAutoMode::load(path) {
            Ok(claude) => {
                out.warnings.extend(
                    claude
                        .warnings
                        .iter()
                        .map(|w| format!("{}: warning: {w}", path.display())),
                );
                out.user.claude = claude;
            }
            Err(e) => out.faults.push(e.to_string()),
        }
    }
    out.project_files = paths::project_config_files(cwd, home);
    for file in &out.project_files {
        let (project, rejected) = load_project(file);
        out.warnings
            .extend(project.warnings.iter().map(|d| named(d, file)));
        out.rejected.extend(rejected.into_iter().map(|mut r| {
            r.file = file.display().to_string();
            r
        }));
        out.project.absorb(project);
    }
    out.config = EffectiveConfig::merge(&out.user, &out.project);
    // The merge's refusals (raised limits, lowered severities) name no file of their own.
    let files: Vec<String> = out
        .project_files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    out.rejected
        .extend(out.config.rejected.iter().cloned().map(|mut r| {
            if !files.is_empty() {
                r.file = files.join(", ");
            }
            r
        }));
    out
}

/// A diagnostic rendered with the full path instead of the file name.
fn named(d: &crate::Diagnostic, path: &Path) -> String {
    let mut d = d.clone();
    d.file = path.display().to_string();
    d.to_string()
}
