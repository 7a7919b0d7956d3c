//! belay-install: put belay's hooks into an agent's settings, take them out again, and check an
//! installation (`belay install`, `belay uninstall`, `belay doctor`).
//!
//! Claude Code ([`install_claude_code`], [`uninstall_claude_code`], [`doctor_claude_code`],
//! [`claude_settings_path`]) and the other agents' hook files through [`AgentHooks`]
//! ([`CODEX`], [`GEMINI`], [`CURSOR`], [`COPILOT`]). Edits preserve everything else in the file,
//! key order included, are idempotent, back the old file up and write atomically; a file that
//! cannot be parsed is refused untouched.
//!
//! This crate knows settings files and nothing about how belay judges calls.
//!
//! ```no_run
//! use belay_install::{claude_settings_path, doctor_claude_code, install_claude_code, Level};
//! # fn demo() -> Result<(), belay_install::InstallError> {
//! let path = claude_settings_path(None);
//! let report = install_claude_code(&path, "/usr/local/bin/belay")?;
//! for change in &report.changes {
//!     println!("{change}");
//! }
//! for f in doctor_claude_code(&path) {
//!     if f.level >= Level::Warning {
//!         println!("{}: {}", f.level.as_str(), f.message);
//!     }
//! }
//! # Ok(()) }
//! ```

mod agents;
mod claude;
mod doctor;
mod error;
mod json;

pub use agents::{
    AgentHooks, CODEX, COPILOT, CURSOR, GEMINI, Layout, codex_hooks_path, codex_hooks_path_from,
    copilot_hooks_path, cursor_hooks_path, gemini_settings_path, gemini_settings_path_from,
};
pub use claude::{
    CLAUDE_CODE_EVENTS, HOOK_ARGS, HOOK_TIMEOUT_SECS, InstallReport, claude_local_settings_path,
    claude_settings_path, claude_settings_path_from, hook_command_line, install_claude_code,
    uninstall_claude_code,
};
pub use doctor::{DoctorFinding, Level, RiskyRule, classify_allow_rule, doctor_claude_code};
pub use error::InstallError;
