//! A project's `.belay.toml`: rules a repository adds for itself. It can only tighten.
//!
//! Accepted: `[rules] deny = [...]`, `[rules] ask = [...]`, `[protected] paths = [...]`
//! (project-relative globs whose writes always ask), `[severity] "<rule id>" = "hard"`, and
//! `[limits]` (lower than the user's; a higher value is rejected by the merge).
//!
//! Rejected, each with a reason for `belay doctor`: `[rules] allow`, `[environment]` (a
//! repository cannot declare what is trusted), `[model]` (nor redirect the judge), `"soft"`
//! severities, unknown sections and keys, invalid patterns, protected paths outside the project,
//! and the whole file when it is not valid TOML. A rejected item never stops the rest of the
//! file from applying.

use crate::config::{self, RawLimits, RawSeverity, Sink};
use crate::diagnostic::{Diagnostic, Level};
use crate::pattern::Pattern;
use belay_action::Severity;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use toml::Spanned;
use toml::de::DeValue;

/// What a project adds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectConfig {
    pub deny: Vec<Pattern>,
    pub ask: Vec<Pattern>,
    /// Protected paths as `Edit(...)` patterns (writes ask).
    pub protected: Vec<Pattern>,
    /// Severity raises (`hard` only).
    pub severity: BTreeMap<String, Severity>,
    pub consecutive_denials: Option<u32>,
    pub total_denials: Option<u32>,
    /// Accepted entries worth a warning (e.g. unknown tool names).
    pub warnings: Vec<Diagnostic>,
}

impl ProjectConfig {
    /// Adds another project file's additions (for nested `.belay.toml` files: every one applies,
    /// so the combination is at least as strict as each). Limits take the lower value.
    pub fn absorb(&mut self, other: ProjectConfig) {
        self.deny.extend(other.deny);
        self.ask.extend(other.ask);
        self.protected.extend(other.protected);
        for (id, severity) in other.severity {
            let entry = self.severity.entry(id).or_insert(severity);
            *entry = (*entry).max(severity);
        }
        let lower = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.consecutive_denials = lower(self.consecutive_denials, other.consecutive_denials);
        self.total_denials = lower(self.total_denials, other.total_denials);
        self.warnings.extend(other.warnings);
    }
}

/// Something in `.belay.toml` that was ignored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// What was ignored, e.g. `[rules].allow` or `[limits].total_denials = 50`.
    pub item: String,
    pub reason: String,
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: ignored {}: {}", self.file, self.item, self.reason)
        } else {
            write!(
                f,
                "{}:{}:{}: ignored {}: {}",
                self.file, self.line, self.column, self.item, self.reason
            )
        }
    }
}

struct Collector<'a> {
    sink: Sink<'a>,
    rejected: Vec<Rejected>,
}

impl Collector<'_> {
    fn reject(&mut self, span: std::ops::Range<usize>, item: String, reason: String) {
        let d = Diagnostic::at(
            self.sink.file,
            self.sink.text,
            Some(span),
            Level::Error,
            String::new(),
        );
        self.rejected.push(Rejected {
            item,
            reason,
            file: d.file,
            line: d.line,
            column: d.column,
        });
    }

    /// Moves the sink's errors into rejections (for `item`); keeps its warnings.
    fn drain(&mut self, item: &str, warnings: &mut Vec<Diagnostic>) {
        for d in std::mem::take(&mut self.sink.diagnostics) {
            if d.is_error() {
                self.rejected.push(Rejected {
                    item: item.to_string(),
                    reason: d.message,
                    file: d.file,
                    line: d.line,
                    column: d.column,
                });
            } else {
                warnings.push(d);
            }
        }
    }
}

/// Parses a `.belay.toml` text; `file` is the name shown in rejections.
pub fn parse_project(file: &str, text: &str) -> (ProjectConfig, Vec<Rejected>) {
    let mut out = ProjectConfig::default();
    let mut c = Collector {
        sink: Sink::new(file, text),
        rejected: Vec::new(),
    };
    let Some(doc) = config::parse_document(&mut c.sink, text) else {
        let d = c.sink.diagnostics.pop();
        let (line, column, reason) = match d {
            Some(d) => (d.line, d.column, d.message),
            None => (0, 0, "invalid TOML".to_string()),
        };
        return (
            out,
            vec![Rejected {
                item: "the whole file".to_string(),
                reason,
                file: file.to_string(),
                line,
                column,
            }],
        );
    };
    for (key, value) in doc {
        let key_span = key.span();
        match key.get_ref().as_str() {
            "rules" => rules(&mut c, &mut out, key_span, value),
            "protected" => protected(&mut c, &mut out, key_span, value),
            "severity" => {
                if let Some(raw) =
                    config::section::<RawSeverity>(&mut c.sink, "severity", key_span, value, None)
                {
                    out.severity = config::severities(&mut c.sink, &raw, false);
                }
                c.drain("[severity] entry", &mut out.warnings);
            }
            "limits" => {
                if let Some(raw) = config::section::<RawLimits>(&mut c.sink, "limits", key_span, value, Some(config::LIMITS_FIELDS))
                {
                    out.consecutive_denials =
                        config::limit(&mut c.sink, "consecutive_denials", &raw.consecutive_denials);
                    out.total_denials = config::limit(&mut c.sink, "total_denials", &raw.total_denials);
                }
                c.drain("[limits] entry", &mut out.warnings);
            }
            "environment" => c.reject(
                key_span,
                "[environment]".to_string(),
                "a project cannot declare trusted infrastructure; put environment lines in your own config.toml".to_string(),
            ),
            "model" => c.reject(
                key_span,
                "[model]".to_string(),
                "a project cannot change the model settings".to_string(),
            ),
            other => c.reject(
                key_span,
                format!("[{other}]"),
                "unknown section (a project may use: rules, protected, severity, limits)".to_string(),
            ),
        }
    }
    let mut rejected = c.rejected;
    rejected.sort_by_key(|r| (r.line, r.column));
    out.warnings.sort_by_key(|d| (d.line, d.column));
    (out, rejected)
}

fn table<'i>(
    c: &mut Collector<'_>,
    name: &str,
    key_span: std::ops::Range<usize>,
    value: Spanned<DeValue<'i>>,
) -> Option<toml::de::DeTable<'i>> {
    match value.into_inner() {
        DeValue::Table(t) => Some(t),
        _ => {
            c.reject(
                key_span,
                format!("[{name}]"),
                "expected a table".to_string(),
            );
            None
        }
    }
}

fn strings(
    c: &mut Collector<'_>,
    item: &str,
    key_span: std::ops::Range<usize>,
    value: Spanned<DeValue<'_>>,
) -> Option<Vec<Spanned<String>>> {
    let span = value.span();
    match Vec::<Spanned<String>>::deserialize(value.into_deserializer()) {
        Ok(v) => Some(v),
        Err(_) => {
            c.reject(
                if span.is_empty() { key_span } else { span },
                item.to_string(),
                "expected an array of strings".to_string(),
            );
            None
        }
    }
}

fn rules(
    c: &mut Collector<'_>,
    out: &mut ProjectConfig,
    key_span: std::ops::Range<usize>,
    value: Spanned<DeValue<'_>>,
) {
    let Some(t) = table(c, "rules", key_span, value) else {
        return;
    };
    for (k, v) in t {
        let span = k.span();
        let name = k.get_ref().to_string();
        match name.as_str() {
            "deny" | "ask" => {
                let item = format!("[rules].{name} entry");
                if let Some(list) = strings(c, &item, span, v) {
                    let patterns = config::patterns(&mut c.sink, &list);
                    c.drain(&item, &mut out.warnings);
                    if name == "deny" {
                        out.deny.extend(patterns);
                    } else {
                        out.ask.extend(patterns);
                    }
                }
            }
            "allow" => c.reject(
                span,
                "[rules].allow".to_string(),
                "a project cannot add allow rules; allow rules belong in your own config.toml"
                    .to_string(),
            ),
            other => c.reject(
                span,
                format!("[rules].{other}"),
                "unknown key (a project may use: deny, ask)".to_string(),
            ),
        }
    }
}

fn protected(
    c: &mut Collector<'_>,
    out: &mut ProjectConfig,
    key_span: std::ops::Range<usize>,
    value: Spanned<DeValue<'_>>,
) {
    let Some(t) = table(c, "protected", key_span, value) else {
        return;
    };
    for (k, v) in t {
        let span = k.span();
        let name = k.get_ref().to_string();
        if name == "paths" {
            let item = "[protected].paths entry";
            if let Some(list) = strings(c, item, span, v) {
                let patterns = config::protected_paths(&mut c.sink, &list, true);
                c.drain(item, &mut out.warnings);
                out.protected.extend(patterns);
            }
        } else {
            c.reject(
                span,
                format!("[protected].{name}"),
                "unknown key (expected: paths)".to_string(),
            );
        }
    }
}

/// Reads the project's `.belay.toml` (missing file → nothing added, nothing rejected).
pub fn load_project(path: &Path) -> (ProjectConfig, Vec<Rejected>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match std::fs::read_to_string(path) {
        Ok(text) => parse_project(&name, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (ProjectConfig::default(), Vec::new())
        }
        Err(e) => (
            ProjectConfig::default(),
            vec![Rejected {
                item: "the whole file".to_string(),
                reason: format!("cannot read: {e}"),
                file: name,
                line: 0,
                column: 0,
            }],
        ),
    }
}
