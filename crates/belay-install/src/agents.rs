//! Installing belay into the other agents' own hook files: Codex CLI (`hooks.json`), Gemini CLI
//! (`settings.json`), Cursor (`hooks.json`) and Copilot CLI (`.github/hooks/belay.json`).
//!
//! Each agent is an [`AgentHooks`] spec: which events belay hooks, and how the file nests them —
//! Claude-style matcher groups (Codex, Gemini) or a flat handler list per event (Cursor,
//! Copilot). A handler is belay's when its command contains ` hook <agent>`. Edits go through
//! the same safe path as Claude Code's (refuse what does not parse or has the wrong shape, back
//! up, write atomically, keep everything else in order, idempotent).

use crate::InstallReport;
use crate::claude::{load, remove_from_events, save, shell_quote};
use crate::doctor::{DoctorFinding, Level};
use crate::error::InstallError;
use crate::json::Json;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// How an agent nests its hooks.
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    /// `hooks.<Event>: [{matcher?, hooks: [{type: "command", command, <timeout>}]}]`.
    Grouped {
        /// The handler's timeout field and value, if the agent documents one.
        timeout: Option<(&'static str, u64)>,
        /// Whether the handler carries `"name": "belay"` (Gemini's `/hooks` panel shows it).
        named: bool,
    },
    /// `{"version": 1, "hooks": {<event>: [{<command_key>: ..., ...}]}}`.
    Flat { command_key: &'static str },
}

/// What belay installs for one agent.
#[derive(Debug, Clone, Copy)]
pub struct AgentHooks {
    /// `belay hook <name>`.
    pub name: &'static str,
    /// (event, matcher) pairs.
    pub events: &'static [(&'static str, Option<&'static str>)],
    pub layout: Layout,
}

pub const CODEX: AgentHooks = AgentHooks {
    name: "codex",
    events: &[
        ("PreToolUse", None),
        ("PostToolUse", None),
        ("UserPromptSubmit", None),
        ("SessionStart", None),
    ],
    layout: Layout::Grouped {
        timeout: None,
        named: false,
    },
};

pub const GEMINI: AgentHooks = AgentHooks {
    name: "gemini",
    events: &[
        ("BeforeTool", Some("*")),
        ("AfterTool", Some("*")),
        ("BeforeAgent", None),
        ("SessionStart", None),
    ],
    layout: Layout::Grouped {
        timeout: Some(("timeout", 10_000)),
        named: true,
    },
};

/// Cursor's permission events get `failClosed: true` (a crash or timeout blocks instead of
/// letting the call run).
pub const CURSOR: AgentHooks = AgentHooks {
    name: "cursor",
    events: &[
        ("sessionStart", None),
        ("beforeSubmitPrompt", None),
        ("beforeShellExecution", None),
        ("beforeMCPExecution", None),
        ("beforeReadFile", None),
        ("preToolUse", Some("Write|Edit|StrReplace|Delete")),
        ("postToolUse", None),
    ],
    layout: Layout::Flat {
        command_key: "command",
    },
};

pub const COPILOT: AgentHooks = AgentHooks {
    name: "copilot",
    events: &[
        ("sessionStart", None),
        ("userPromptSubmitted", None),
        ("preToolUse", None),
        ("postToolUse", None),
    ],
    layout: Layout::Flat {
        command_key: "bash",
    },
};

fn user_dir(env: Option<OsString>, home: Option<OsString>, sub: &str) -> PathBuf {
    match env.filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => home
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
            .unwrap_or_default()
            .join(sub),
    }
}

fn home() -> Option<OsString> {
    std::env::home_dir().map(PathBuf::into_os_string)
}

/// Codex: `<project>/.codex/hooks.json`, else `$CODEX_HOME/hooks.json` or `~/.codex/hooks.json`.
pub fn codex_hooks_path(project: Option<&Path>) -> PathBuf {
    codex_hooks_path_from(project, std::env::var_os("CODEX_HOME"), home())
}

pub fn codex_hooks_path_from(
    project: Option<&Path>,
    codex_home: Option<OsString>,
    home: Option<OsString>,
) -> PathBuf {
    match project {
        Some(p) => p.join(".codex").join("hooks.json"),
        None => user_dir(codex_home, home, ".codex").join("hooks.json"),
    }
}

/// Gemini: `<project>/.gemini/settings.json`, else `$GEMINI_CLI_HOME/.gemini/settings.json` or
/// `~/.gemini/settings.json`.
pub fn gemini_settings_path(project: Option<&Path>) -> PathBuf {
    gemini_settings_path_from(project, std::env::var_os("GEMINI_CLI_HOME"), home())
}

pub fn gemini_settings_path_from(
    project: Option<&Path>,
    gemini_home: Option<OsString>,
    home: Option<OsString>,
) -> PathBuf {
    let base = match project {
        Some(p) => p.to_path_buf(),
        None => gemini_home
            .filter(|d| !d.is_empty())
            .or(home)
            .map(PathBuf::from)
            .unwrap_or_default(),
    };
    base.join(".gemini").join("settings.json")
}

/// Cursor: `<project>/.cursor/hooks.json`, else `~/.cursor/hooks.json`.
pub fn cursor_hooks_path(project: Option<&Path>) -> PathBuf {
    match project {
        Some(p) => p.join(".cursor").join("hooks.json"),
        None => user_dir(None, home(), ".cursor").join("hooks.json"),
    }
}

/// Copilot CLI reads hooks from the repository only: `<project>/.github/hooks/belay.json`.
pub fn copilot_hooks_path(project: &Path) -> PathBuf {
    project.join(".github").join("hooks").join("belay.json")
}

fn shape(path: &Path, what: String) -> InstallError {
    InstallError::Shape {
        path: path.to_path_buf(),
        what,
    }
}

impl AgentHooks {
    /// The command line belay installs.
    pub fn command_line(&self, command: &str) -> String {
        format!("{} hook {}", shell_quote(command), self.name)
    }

    fn command_key(&self) -> &'static str {
        match self.layout {
            Layout::Grouped { .. } => "command",
            Layout::Flat { command_key } => command_key,
        }
    }

    fn is_belay(&self, handler: &Json) -> bool {
        let needle = format!(" hook {}", self.name);
        handler
            .get(self.command_key())
            .and_then(Json::as_str)
            .is_some_and(|c| c.ends_with(&needle) || c.contains(&format!("{needle} ")))
    }

    /// The handler belay wants for `event` (and, grouped, its group).
    fn entry(&self, event: &str, matcher: Option<&str>, line: &str) -> Json {
        let s = |v: &str| Json::String(v.to_string());
        match self.layout {
            Layout::Grouped { timeout, named } => {
                let mut handler = vec![("type".to_string(), s("command"))];
                if named {
                    handler.push(("name".into(), s("belay")));
                }
                handler.push(("command".into(), s(line)));
                if let Some((key, value)) = timeout {
                    handler.push((key.into(), Json::Number(value.into())));
                }
                let mut group = Vec::new();
                if let Some(m) = matcher {
                    group.push(("matcher".to_string(), s(m)));
                }
                group.push(("hooks".into(), Json::Array(vec![Json::Object(handler)])));
                Json::Object(group)
            }
            Layout::Flat { command_key } => {
                let mut handler = Vec::new();
                if command_key == "bash" {
                    handler.push(("type".to_string(), s("command")));
                }
                handler.push((command_key.to_string(), s(line)));
                if let Some(m) = matcher {
                    handler.push(("matcher".into(), s(m)));
                }
                if self.name == "cursor"
                    && (event.starts_with("before") || event == "preToolUse")
                    && event != "beforeSubmitPrompt"
                {
                    handler.push(("failClosed".into(), Json::Bool(true)));
                }
                if command_key == "bash" {
                    handler.push(("timeoutSec".into(), Json::Number(30.into())));
                }
                Json::Object(handler)
            }
        }
    }

    /// belay's entries in an event's list: groups holding a belay handler, or belay handlers.
    fn belay_entries<'a>(&self, list: &'a [Json]) -> Vec<&'a Json> {
        list.iter()
            .filter(|e| match self.layout {
                Layout::Grouped { .. } => match e.get("hooks") {
                    Some(Json::Array(hs)) => hs.iter().any(|h| self.is_belay(h)),
                    _ => false,
                },
                Layout::Flat { .. } => self.is_belay(e),
            })
            .collect()
    }

    /// Removes belay's handlers from a list (and groups this empties); returns how many.
    fn remove(&self, list: &mut Vec<Json>) -> usize {
        let before = list.len();
        match self.layout {
            Layout::Flat { .. } => {
                list.retain(|h| !self.is_belay(h));
                before - list.len()
            }
            Layout::Grouped { .. } => {
                let mut removed = 0;
                list.retain_mut(|group| {
                    let Some(Json::Array(hs)) = group.get_mut("hooks") else {
                        return true;
                    };
                    let n = hs.len();
                    hs.retain(|h| !self.is_belay(h));
                    removed += n - hs.len();
                    !(n > hs.len() && hs.is_empty())
                });
                removed
            }
        }
    }

    fn install_doc(
        &self,
        doc: &mut Json,
        line: &str,
        path: &Path,
    ) -> Result<Vec<String>, InstallError> {
        if !matches!(doc, Json::Object(_)) {
            return Err(shape(
                path,
                format!("the top level is {}, not an object", doc.kind()),
            ));
        }
        let mut changes = Vec::new();
        if matches!(self.layout, Layout::Flat { .. }) && doc.get("version").is_none() {
            if let Some(v) = doc.entry_or_insert("version", Json::Null) {
                *v = Json::Number(1.into());
            }
            changes.push("version: set to 1".to_string());
        }
        if self.name == "gemini" && !gemini_hooks_enabled(doc) {
            // Gemini CLI runs no hooks at all unless they are switched on.
            let config = doc
                .entry_or_insert("hooksConfig", Json::Object(Vec::new()))
                .ok_or_else(|| shape(path, "the top level is not an object".into()))?;
            let Some(enabled) = config.entry_or_insert("enabled", Json::Null) else {
                return Err(shape(
                    path,
                    format!("\"hooksConfig\" is {}, not an object", config.kind()),
                ));
            };
            *enabled = Json::Bool(true);
            changes
                .push("hooksConfig.enabled: set to true (Gemini runs no hooks without it)".into());
        }
        let hooks = doc
            .entry_or_insert("hooks", Json::Object(Vec::new()))
            .ok_or_else(|| shape(path, "the top level is not an object".into()))?;
        if !matches!(hooks, Json::Object(_)) {
            return Err(shape(
                path,
                format!("\"hooks\" is {}, not an object", hooks.kind()),
            ));
        }
        for &(event, matcher) in self.events {
            let list = hooks
                .entry_or_insert(event, Json::Array(Vec::new()))
                .ok_or_else(|| shape(path, "\"hooks\" is not an object".into()))?;
            let Json::Array(list) = list else {
                return Err(shape(
                    path,
                    format!("\"hooks.{event}\" is {}, not an array", list.kind()),
                ));
            };
            let want = self.entry(event, matcher, line);
            if self.belay_entries(list) == [&want] {
                continue;
            }
            let removed = self.remove(list);
            list.push(want);
            changes.push(if removed > 0 {
                format!("{event}: updated belay's hook to `{line}`")
            } else {
                format!("{event}: added belay's hook")
            });
        }
        Ok(changes)
    }

    fn uninstall_doc(&self, doc: &mut Json) -> Vec<String> {
        remove_from_events(doc, |list| self.remove(list))
    }

    /// Adds belay's hooks to the agent's file (creating it and its directory if absent).
    /// Idempotent; a stale or duplicated belay hook is replaced by the current one.
    pub fn install(&self, path: &Path, command: &str) -> Result<InstallReport, InstallError> {
        let mut loaded = load(path)?;
        let changes =
            self.install_doc(&mut loaded.doc, &self.command_line(command), &loaded.path)?;
        save(loaded, changes)
    }

    /// Removes belay's hooks (only those) from the agent's file; a missing file is left alone.
    pub fn uninstall(&self, path: &Path) -> Result<InstallReport, InstallError> {
        let mut loaded = load(path)?;
        if loaded.original.is_none() {
            return Ok(InstallReport {
                settings_path: loaded.path,
                created: false,
                backup: None,
                changes: Vec::new(),
            });
        }
        let changes = self.uninstall_doc(&mut loaded.doc);
        save(loaded, changes)
    }

    /// Whether belay's hooks are in the file, event by event. A missing file is one `info` line
    /// (the agent may simply not be used); a file that does not parse is an error.
    pub fn doctor(&self, path: &Path) -> Vec<DoctorFinding> {
        let finding = |level, code, subject: &str, message: String| DoctorFinding {
            level,
            code,
            subject: subject.to_string(),
            message,
        };
        let loaded = match load(path) {
            Ok(l) => l,
            Err(e) => {
                return vec![finding(
                    Level::High,
                    "settings-unreadable",
                    self.name,
                    e.to_string(),
                )];
            }
        };
        if loaded.original.is_none() {
            return vec![finding(
                Level::Info,
                "agent-not-installed",
                self.name,
                format!(
                    "{} does not exist: belay is not installed for {}",
                    path.display(),
                    self.name
                ),
            )];
        }
        let hooks = loaded.doc.get("hooks");
        let mut findings: Vec<DoctorFinding> = self
            .events
            .iter()
            .map(|&(event, _)| {
                let present = match hooks.and_then(|h| h.get(event)) {
                    Some(Json::Array(list)) => !self.belay_entries(list).is_empty(),
                    _ => false,
                };
                if present {
                    finding(
                        Level::Ok,
                        "hook-installed",
                        event,
                        format!("{event}: belay's hook is installed"),
                    )
                } else {
                    finding(
                        Level::Warning,
                        "hook-missing",
                        event,
                        format!(
                            "{event}: belay's hook is missing (`belay install {}`)",
                            self.name
                        ),
                    )
                }
            })
            .collect();
        if self.name == "codex"
            && let Some(key) = codex_hooks_switched_off(&path.with_file_name("config.toml"))
        {
            findings.push(finding(
                Level::High,
                "hooks-disabled",
                "config.toml",
                format!("config.toml sets [features] {key} = false: Codex runs no hooks, so belay sees nothing"),
            ));
        }
        if self.name == "gemini" && !gemini_hooks_enabled(&loaded.doc) {
            findings.push(finding(
                Level::Warning,
                "hooks-disabled",
                "hooksConfig.enabled",
                "hooksConfig.enabled is not true: Gemini CLI may run no hooks at all (`belay install gemini` sets it)".into(),
            ));
        }
        findings
    }
}

/// The `[features]` key of a Codex `config.toml` that switches hooks off (`hooks`, or its older
/// name `codex_hooks`), if any. A missing or unparsable file says nothing.
fn codex_hooks_switched_off(config: &Path) -> Option<&'static str> {
    let text = std::fs::read_to_string(config).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    let features = doc.get("features")?.as_table()?;
    ["hooks", "codex_hooks"]
        .into_iter()
        .find(|k| features.get(*k).and_then(toml::Value::as_bool) == Some(false))
}

/// Whether a Gemini settings document switches hooks on (`hooksConfig.enabled: true`).
fn gemini_hooks_enabled(doc: &Json) -> bool {
    matches!(
        doc.get("hooksConfig").and_then(|c| c.get("enabled")),
        Some(Json::Bool(true))
    )
}
