//! Where configuration lives. Pure functions take the environment values as arguments; the
//! `*_from_env` wrappers read the process environment.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The project's own file name, in the project root.
pub const PROJECT_FILE: &str = ".belay.toml";

fn non_empty(v: Option<&OsStr>) -> Option<&OsStr> {
    v.filter(|s| !s.is_empty())
}

/// `$BELAY_CONFIG` if set, else `$XDG_CONFIG_HOME/belay/config.toml` (when absolute), else
/// `~/.config/belay/config.toml`; `None` without any of them.
pub fn user_config_path(
    belay_config: Option<&OsStr>,
    xdg_config_home: Option<&OsStr>,
    home: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(p) = non_empty(belay_config) {
        return Some(PathBuf::from(p));
    }
    if let Some(x) = non_empty(xdg_config_home)
        && Path::new(x).is_absolute()
    {
        return Some(Path::new(x).join("belay").join("config.toml"));
    }
    let home = home.filter(|h| !h.as_os_str().is_empty())?;
    Some(home.join(".config").join("belay").join("config.toml"))
}

/// `$CLAUDE_CONFIG_DIR/settings.json` if set, else `~/.claude/settings.json`.
pub fn claude_settings_path(
    claude_config_dir: Option<&OsStr>,
    home: Option<&Path>,
) -> Option<PathBuf> {
    if let Some(dir) = non_empty(claude_config_dir) {
        return Some(Path::new(dir).join("settings.json"));
    }
    let home = home.filter(|h| !h.as_os_str().is_empty())?;
    Some(home.join(".claude").join("settings.json"))
}

/// The project's `.belay.toml`.
pub fn project_config_path(project_root: &Path) -> PathBuf {
    project_root.join(PROJECT_FILE)
}

fn home_from_env() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// [`user_config_path`] with `BELAY_CONFIG`, `XDG_CONFIG_HOME` and `HOME` from the environment.
pub fn user_config_path_from_env() -> Option<PathBuf> {
    user_config_path(
        std::env::var_os("BELAY_CONFIG").as_deref(),
        std::env::var_os("XDG_CONFIG_HOME").as_deref(),
        home_from_env().as_deref(),
    )
}

/// [`claude_settings_path`] with `CLAUDE_CONFIG_DIR` and `HOME` from the environment.
pub fn claude_settings_path_from_env() -> Option<PathBuf> {
    claude_settings_path(
        std::env::var_os("CLAUDE_CONFIG_DIR").as_deref(),
        home_from_env().as_deref(),
    )
}

/// Whether `dir` is the root of a repository (holds `.git`, a directory or a worktree's file).
fn is_repo_root(dir: &Path) -> bool {
    dir.join(".git").symlink_metadata().is_ok()
}

/// The project files in force for a working directory, nearest first: every `.belay.toml` from
/// `cwd` upward, up to and including the repository root (the nearest directory holding `.git`).
/// Outside a repository the walk stops below the home directory and the filesystem root, so
/// `~/.belay.toml` and `/.belay.toml` are read only when `cwd` is that directory. Every file found
/// applies (they can only tighten), so a nested file cannot shadow the root's rules.
///
/// Cost: two `stat`s per directory walked, nothing read when no file exists.
pub fn project_config_files(cwd: &Path, home: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if !cwd.is_absolute() {
        return found;
    }
    for (depth, dir) in cwd.ancestors().enumerate() {
        let outside = depth > 0 && (dir == home || dir.parent().is_none());
        if outside {
            break;
        }
        let file = project_config_path(dir);
        if file.is_file() {
            found.push(file);
        }
        if is_repo_root(dir) {
            break;
        }
    }
    found
}
