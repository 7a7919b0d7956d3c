//! The user's `config.toml`: trusted environment, permission rules, severity overrides, denial
//! limits and the model tier's settings, parsed with full diagnostics.
//!
//! ```toml
//! [environment]
//! lines = ["Our CI deploys from github.com/acme-corp only"]
//! orgs = ["acme-corp"]
//! domains = ["acme.dev", "acme.internal"]
//! production = ["prod-eu", "prod-db.acme.internal"]
//!
//! [rules]
//! deny = ["Bash(git push --force:*)", "Edit(~/.ssh/**)"]
//! ask = ["Bash(terraform apply:*)"]
//! allow = ["Bash(npm test)", "WebFetch(domain:docs.rs)"]
//!
//! [protected]
//! paths = ["migrations/**"]
//!
//! [severity]
//! "git.force-push" = "hard"
//!
//! [limits]
//! consecutive_denials = 3
//! total_denials = 20
//!
//! [model]
//! provider = "anthropic"
//! model = "claude-haiku-4-5"
//! api_key_env = "ANTHROPIC_API_KEY"
//! timeout_ms = 8000
//! ```
//!
//! Every section and key is optional. [`check_str`] reports every problem it finds with its line
//! and column; [`crate::load_user_config`] uses it and fails on errors.

use crate::claude::ClaudeAutoMode;
use crate::diagnostic::{Diagnostic, Level};
use crate::pattern::Pattern;
use belay_action::Severity;
use serde::Deserialize;
use serde::de::IntoDeserializer;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// Default number of consecutive denials before belay stops auto-deciding (Claude Code's 3).
pub const DEFAULT_CONSECUTIVE_DENIALS: u32 = 3;
/// Default number of denials in a session before belay stops auto-deciding (Claude Code's 20).
pub const DEFAULT_TOTAL_DENIALS: u32 = 20;
/// The largest accepted denial limit.
pub const MAX_LIMIT: u32 = 1000;

/// The top-level sections of `config.toml`.
pub const SECTIONS: &[&str] = &[
    "environment",
    "rules",
    "protected",
    "severity",
    "limits",
    "model",
];

pub(crate) const ENVIRONMENT_FIELDS: &[&str] = &[
    "lines",
    "orgs",
    "repos",
    "domains",
    "buckets",
    "hosts",
    "databases",
    "clusters",
    "production",
];
pub(crate) const RULES_FIELDS: &[&str] = &["deny", "ask", "allow"];
pub(crate) const PROTECTED_FIELDS: &[&str] = &["paths"];
pub(crate) const LIMITS_FIELDS: &[&str] = &["consecutive_denials", "total_denials"];
pub(crate) const MODEL_FIELDS: &[&str] =
    &["provider", "base_url", "model", "api_key_env", "timeout_ms"];

/// Model providers belay knows (others are accepted with a warning).
pub const KNOWN_PROVIDERS: &[&str] = &[
    "anthropic",
    "openai",
    "openai-compatible",
    "ollama",
    "bedrock",
    "vertex",
];

/// Permission-rule patterns, by action.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSet {
    pub deny: Vec<Pattern>,
    pub ask: Vec<Pattern>,
    pub allow: Vec<Pattern>,
}

/// Denial limits: after this many denials belay hands decisions back to the human.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub consecutive_denials: u32,
    pub total_denials: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            consecutive_denials: DEFAULT_CONSECUTIVE_DENIALS,
            total_denials: DEFAULT_TOTAL_DENIALS,
        }
    }
}

/// The model tier's settings (parsed and validated only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelConfig {
    pub provider: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// The name of the environment variable holding the API key (never the key itself).
    pub api_key_env: Option<String>,
    pub timeout_ms: Option<u64>,
}

/// The user's configuration: `config.toml` plus, when loaded with
/// [`crate::load_user`], Claude Code's `autoMode` block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Trusted environment lines: `[environment].lines` then one line per structured list.
    pub environment: Vec<String>,
    pub rules: RuleSet,
    /// Path globs whose writes always ask (as `Edit(...)` patterns).
    pub protected: Vec<Pattern>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    pub limits: Limits,
    pub model: Option<ModelConfig>,
    /// Claude Code's `autoMode` settings (empty unless loaded).
    pub claude: ClaudeAutoMode,
    /// Non-fatal diagnostics from checking the file.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawEnvironment {
    pub lines: Vec<Spanned<String>>,
    pub orgs: Vec<Spanned<String>>,
    pub repos: Vec<Spanned<String>>,
    pub domains: Vec<Spanned<String>>,
    pub buckets: Vec<Spanned<String>>,
    pub hosts: Vec<Spanned<String>>,
    pub databases: Vec<Spanned<String>>,
    pub clusters: Vec<Spanned<String>>,
    pub production: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawRules {
    pub deny: Vec<Spanned<String>>,
    pub ask: Vec<Spanned<String>>,
    pub allow: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawProtected {
    pub paths: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawLimits {
    pub consecutive_denials: Option<Spanned<i64>>,
    pub total_denials: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawModel {
    pub provider: Option<Spanned<String>>,
    pub base_url: Option<Spanned<String>>,
    pub model: Option<Spanned<String>>,
    pub api_key_env: Option<Spanned<String>>,
    pub timeout_ms: Option<Spanned<i64>>,
}

pub(crate) type RawSeverity = BTreeMap<Spanned<String>, Spanned<String>>;

/// Collects diagnostics for one file.
pub(crate) struct Sink<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Sink {
            file,
            text,
            diagnostics: Vec::new(),
        }
    }

    pub fn push(&mut self, span: Option<Range<usize>>, level: Level, message: String) {
        self.diagnostics
            .push(Diagnostic::at(self.file, self.text, span, level, message));
    }

    pub fn error(&mut self, span: Range<usize>, message: String) {
        self.push(Some(span), Level::Error, message);
    }

    pub fn warn(&mut self, span: Range<usize>, message: String) {
        self.push(Some(span), Level::Warning, message);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A parsed document: top-level keys with their spans and values.
pub(crate) type Document<'i> = Vec<(Spanned<String>, Spanned<toml::de::DeValue<'i>>)>;

/// Parses TOML syntax; syntax errors go to the sink.
pub(crate) fn parse_document<'i>(sink: &mut Sink<'_>, text: &'i str) -> Option<Document<'i>> {
    match toml::de::DeTable::parse(text) {
        Ok(table) => Some(
            table
                .into_inner()
                .into_iter()
                .map(|(k, v)| {
                    let span = k.span();
                    (Spanned::new(span, k.into_inner().into_owned()), v)
                })
                .collect(),
        ),
        Err(e) => {
            let message = format!("invalid TOML: {}", e.message().trim_end());
            sink.push(e.span(), Level::Error, message);
            None
        }
    }
}

/// Deserializes one section, turning serde's message into ours. With `fields`, every unknown key
/// is reported first (serde's `deny_unknown_fields` would stop at the first) and left out.
pub(crate) fn section<'i, T: Deserialize<'i>>(
    sink: &mut Sink<'_>,
    name: &str,
    key_span: Range<usize>,
    value: Spanned<toml::de::DeValue<'i>>,
    fields: Option<&[&str]>,
) -> Option<T> {
    let span = value.span();
    let value = match (fields, value.into_inner()) {
        (Some(fields), toml::de::DeValue::Table(table)) => {
            let table: toml::de::DeTable<'i> = table
                .into_iter()
                .filter(|(k, _)| {
                    let known = fields.contains(&k.get_ref().as_ref());
                    if !known {
                        sink.error(
                            k.span(),
                            format!(
                                "unknown key `{}` in [{name}] (expected one of: {})",
                                k.get_ref(),
                                fields.join(", ")
                            ),
                        );
                    }
                    known
                })
                .collect();
            Spanned::new(span, toml::de::DeValue::Table(table))
        }
        (_, other) => Spanned::new(span, other),
    };
    match T::deserialize(value.into_deserializer()) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = humanize(e.message(), name);
            sink.push(Some(e.span().unwrap_or(key_span)), Level::Error, message);
            None
        }
    }
}

/// `unknown field `x`, expected one of `a`, `b`` → `unknown key `x` in [sec] (expected one of: a, b)`.
fn humanize(message: &str, section: &str) -> String {
    let message = message.trim_end();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let expected = expected.trim_start_matches(',').trim();
        let list = expected
            .strip_prefix("expected one of ")
            .or_else(|| expected.strip_prefix("expected "))
            .unwrap_or(expected)
            .replace('`', "");
        return format!("unknown key `{field}` in [{section}] (expected one of: {list})");
    }
    let message = message
        .replace("struct RawEnvironment", "a table")
        .replace("struct RawRules", "a table")
        .replace("struct RawProtected", "a table")
        .replace("struct RawLimits", "a table")
        .replace("struct RawModel", "a table")
        .replace("a sequence", "an array")
        .replace("i64", "an integer")
        .replace("a map", "a table");
    format!("in [{section}]: {message}")
}

/// Checks a `config.toml` text; `file` is the name shown in diagnostics.
pub fn check_str(file: &str, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut sink = Sink::new(file, text);
    let Some(doc) = parse_document(&mut sink, text) else {
        return Err(sink.diagnostics);
    };
    let mut config = Config::default();
    for (key, value) in doc {
        let key_span = key.span();
        match key.get_ref().as_str() {
            "environment" => {
                if let Some(raw) = section::<RawEnvironment>(
                    &mut sink,
                    "environment",
                    key_span,
                    value,
                    Some(ENVIRONMENT_FIELDS),
                ) {
                    config.environment = environment_lines(&mut sink, &raw);
                }
            }
            "rules" => {
                if let Some(raw) =
                    section::<RawRules>(&mut sink, "rules", key_span, value, Some(RULES_FIELDS))
                {
                    config.rules = RuleSet {
                        deny: patterns(&mut sink, &raw.deny),
                        ask: patterns(&mut sink, &raw.ask),
                        allow: allow_patterns(&mut sink, &raw.allow),
                    };
                }
            }
            "protected" => {
                if let Some(raw) = section::<RawProtected>(
                    &mut sink,
                    "protected",
                    key_span,
                    value,
                    Some(PROTECTED_FIELDS),
                ) {
                    config.protected = protected_paths(&mut sink, &raw.paths, false);
                }
            }
            "severity" => {
                if let Some(raw) =
                    section::<RawSeverity>(&mut sink, "severity", key_span, value, None)
                {
                    config.severity = severities(&mut sink, &raw, true);
                }
            }
            "limits" => {
                if let Some(raw) =
                    section::<RawLimits>(&mut sink, "limits", key_span, value, Some(LIMITS_FIELDS))
                {
                    config.limits = Limits {
                        consecutive_denials: limit(
                            &mut sink,
                            "consecutive_denials",
                            &raw.consecutive_denials,
                        )
                        .unwrap_or(DEFAULT_CONSECUTIVE_DENIALS),
                        total_denials: limit(&mut sink, "total_denials", &raw.total_denials)
                            .unwrap_or(DEFAULT_TOTAL_DENIALS),
                    };
                }
            }
            "model" => {
                if let Some(raw) =
                    section::<RawModel>(&mut sink, "model", key_span, value, Some(MODEL_FIELDS))
                {
                    config.model = Some(model(&mut sink, raw));
                }
            }
            other => sink.error(
                key_span,
                format!(
                    "unknown section `[{other}]` (expected one of: {})",
                    SECTIONS.join(", ")
                ),
            ),
        }
    }
    sink.diagnostics.sort_by_key(|d| (d.line, d.column));
    if sink.has_errors() {
        return Err(sink.diagnostics);
    }
    config.warnings = sink.diagnostics;
    Ok(config)
}

/// Reads and checks a `config.toml`; the diagnostics name the file by its file name.
pub fn check(path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    match std::fs::read_to_string(path) {
        Ok(text) => check_str(&name, &text),
        Err(e) => Err(vec![Diagnostic {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            level: Level::Error,
            message: format!("cannot read: {e}"),
        }]),
    }
}

/// The structured `[environment]` lists, with the sentence each becomes.
pub(crate) const ENVIRONMENT_LISTS: &[(&str, &str)] = &[
    ("orgs", "Trusted source-control orgs"),
    ("repos", "Trusted repositories"),
    ("domains", "Trusted internal domains"),
    ("buckets", "Trusted cloud buckets"),
    ("hosts", "Trusted hosts"),
    ("databases", "Trusted databases"),
    ("clusters", "Trusted cluster contexts"),
    ("production", "Production targets"),
];

/// Turns `[environment]` into the lines `belay_policy::trust::Trust` reads, e.g.
/// `Trusted internal domains: a.example, b.example`.
pub(crate) fn environment_lines(sink: &mut Sink<'_>, raw: &RawEnvironment) -> Vec<String> {
    let mut out = Vec::new();
    for line in &raw.lines {
        let text = line.get_ref().trim();
        if text.is_empty() || text.contains('\n') {
            sink.error(
                line.span(),
                "environment lines must be non-empty single lines".to_string(),
            );
        } else {
            out.push(text.to_string());
        }
    }
    let lists: [&Vec<Spanned<String>>; 8] = [
        &raw.orgs,
        &raw.repos,
        &raw.domains,
        &raw.buckets,
        &raw.hosts,
        &raw.databases,
        &raw.clusters,
        &raw.production,
    ];
    for ((key, sentence), list) in ENVIRONMENT_LISTS.iter().zip(lists) {
        let mut names = Vec::new();
        for item in list {
            let name = item.get_ref().trim();
            if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c == ',') {
                sink.error(
                    item.span(),
                    format!("`{key}` entries must be single names without spaces or commas"),
                );
            } else {
                names.push(name.to_string());
            }
        }
        if !names.is_empty() {
            out.push(format!("{sentence}: {}", names.join(", ")));
        }
    }
    out
}

/// Parses rule patterns; errors and warnings go to the sink, bad patterns are dropped.
pub(crate) fn patterns(sink: &mut Sink<'_>, raw: &[Spanned<String>]) -> Vec<Pattern> {
    let mut out = Vec::new();
    for item in raw {
        match Pattern::parse(item.get_ref()) {
            Ok(p) => {
                for w in p.warnings() {
                    sink.warn(item.span(), format!("in `{}`: {w}", p.as_str()));
                }
                out.push(p);
            }
            Err(e) => sink.error(item.span(), format!("invalid rule pattern: {e}")),
        }
    }
    out
}

/// As [`patterns`], warning about allow rules belay suspends ([`Pattern::is_broad_allow`]).
fn allow_patterns(sink: &mut Sink<'_>, raw: &[Spanned<String>]) -> Vec<Pattern> {
    let out = patterns(sink, raw);
    for item in raw {
        if let Ok(p) = Pattern::parse(item.get_ref())
            && p.is_broad_allow()
        {
            sink.warn(
                item.span(),
                format!(
                    "allow rule `{}` amounts to running anything; like Claude Code in auto mode, belay suspends it",
                    p.as_str()
                ),
            );
        }
    }
    out
}

/// Turns `[protected].paths` into `Edit(...)` patterns. With `project_only`, paths must stay
/// inside the project (no `~`, no absolute paths).
pub(crate) fn protected_paths(
    sink: &mut Sink<'_>,
    raw: &[Spanned<String>],
    project_only: bool,
) -> Vec<Pattern> {
    let mut out = Vec::new();
    for item in raw {
        let path = item.get_ref().trim();
        if project_only && (path.starts_with('~') || path.starts_with("//")) {
            sink.error(
                item.span(),
                format!("protected path `{path}` is outside the project"),
            );
            continue;
        }
        if path.is_empty() || path.contains(['(', ')']) {
            sink.error(item.span(), format!("invalid protected path `{path}`"));
            continue;
        }
        match Pattern::parse(&format!("Edit({path})")) {
            Ok(p) => out.push(p),
            Err(e) => sink.error(item.span(), format!("invalid protected path: {e}")),
        }
    }
    out
}

/// Validates `[severity]`: known rule ids, `soft`/`hard` (only `hard` unless `allow_soft`).
pub(crate) fn severities(
    sink: &mut Sink<'_>,
    raw: &RawSeverity,
    allow_soft: bool,
) -> BTreeMap<String, Severity> {
    let mut out = BTreeMap::new();
    for (id, value) in raw {
        let id_text = id.get_ref().as_str();
        if belay_policy::rules::find(id_text).is_none() {
            let hint = suggest(id_text)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            sink.error(
                id.span(),
                format!("unknown rule id `{id_text}` in [severity]{hint}"),
            );
            continue;
        }
        let severity = match value.get_ref().as_str() {
            "soft" => Severity::Soft,
            "hard" => Severity::Hard,
            other => {
                sink.error(
                    value.span(),
                    format!(
                        "invalid severity `{other}` for `{id_text}` (expected one of: soft, hard)"
                    ),
                );
                continue;
            }
        };
        if severity == Severity::Soft && !allow_soft {
            sink.error(
                value.span(),
                format!("a project can only raise severities: `{id_text}` = \"soft\" is ignored"),
            );
            continue;
        }
        out.insert(id_text.to_string(), severity);
    }
    out
}

/// The closest catalog id within edit distance 3.
fn suggest(id: &str) -> Option<&'static str> {
    belay_policy::rules::ALL
        .iter()
        .map(|r| (edit_distance(id, r.id), r.id))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, id)| id)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Validates one limit (1..=MAX_LIMIT).
pub(crate) fn limit(sink: &mut Sink<'_>, key: &str, raw: &Option<Spanned<i64>>) -> Option<u32> {
    let raw = raw.as_ref()?;
    let value = *raw.get_ref();
    match u32::try_from(value) {
        Ok(v) if (1..=MAX_LIMIT).contains(&v) => Some(v),
        _ => {
            sink.error(
                raw.span(),
                format!("`{key}` must be between 1 and {MAX_LIMIT}, not {value}"),
            );
            None
        }
    }
}

fn model(sink: &mut Sink<'_>, raw: RawModel) -> ModelConfig {
    let mut out = ModelConfig::default();
    if let Some(p) = raw.provider {
        let name = p.get_ref().trim();
        if name.is_empty() {
            sink.error(p.span(), "`provider` must not be empty".to_string());
        } else {
            if !KNOWN_PROVIDERS.contains(&name) {
                sink.warn(
                    p.span(),
                    format!(
                        "unknown provider `{name}` (known: {})",
                        KNOWN_PROVIDERS.join(", ")
                    ),
                );
            }
            out.provider = Some(name.to_string());
        }
    }
    if let Some(u) = raw.base_url {
        let url = u.get_ref().trim();
        let host_ok = crate::pattern::host_of_url(url).is_some();
        if (url.starts_with("https://") || url.starts_with("http://")) && host_ok {
            out.base_url = Some(url.to_string());
        } else {
            sink.error(
                u.span(),
                format!("`base_url` must be an http(s) URL, not `{url}`"),
            );
        }
    }
    if let Some(m) = raw.model {
        let name = m.get_ref().trim();
        if name.is_empty() {
            sink.error(m.span(), "`model` must not be empty".to_string());
        } else {
            out.model = Some(name.to_string());
        }
    }
    if let Some(k) = raw.api_key_env {
        let name = k.get_ref().trim();
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if valid {
            out.api_key_env = Some(name.to_string());
        } else if name.starts_with("sk-") || name.len() > 40 {
            sink.error(
                k.span(),
                "`api_key_env` names an environment variable; this looks like a key itself (remove it from the file)".to_string(),
            );
        } else {
            sink.error(
                k.span(),
                format!("`api_key_env` must be an environment variable name, not `{name}`"),
            );
        }
    }
    if let Some(t) = raw.timeout_ms {
        let value = *t.get_ref();
        match u64::try_from(value) {
            Ok(v) if (1..=600_000).contains(&v) => out.timeout_ms = Some(v),
            _ => sink.error(
                t.span(),
                format!("`timeout_ms` must be between 1 and 600000, not {value}"),
            ),
        }
    }
    out
}
