//! Claude Code's `autoMode` block from the user's Claude settings (`~/.claude/settings.json`,
//! or `$CLAUDE_CONFIG_DIR/settings.json`).
//!
//! `environment` lines become trusted context. `allow`, `soft_deny` and `hard_deny` are prose
//! for the model tier and are returned as text; `"$defaults"` entries are kept as
//! [`Entry::Defaults`] markers (where Claude Code splices its built-in list), never as text.
//!
//! Where a rule text names something belay can enforce, a pattern is extracted — exactly these
//! and nothing else:
//!
//! * in `soft_deny` (→ `ask`) and `hard_deny` (→ `deny`) texts:
//!   - every Claude-style permission pattern written in the text, `Tool(...)` with balanced
//!     parentheses, for a tool whose input belay can match (`Bash`, `PowerShell`, `Read`,
//!     `Write`, `Edit`, `MultiEdit`, `NotebookEdit`, `WebFetch`, `Agent`, `Task`), preceded by
//!     start of text or a character that is not a letter, digit or `_`;
//!   - every MCP tool name `mcp__server__tool` / `mcp__server__*` in the text;
//!   - every backticked span that is a command: no newline, at least two words, the first word
//!     made of letters, digits and `._+-` only (so `` `main` ``, `` `.env` `` and
//!     `` `infra/prod/` `` are not commands). It becomes `Bash(<span>:*)` (prefix match), or
//!     `Bash(<span>)` when the span contains `*` (glob).
//! * in `allow` texts: only an entry that is, in its entirety (optionally in backticks), one
//!   permission pattern or MCP tool name. Prose such as "`terraform plan` is fine, not
//!   `terraform apply`" yields nothing: an allow pattern guessed from prose could approve the
//!   very thing the sentence forbids.
//!
//! Keys other than these (e.g. `classifyAllShell`) are read when known and otherwise ignored.

use crate::error::ConfigError;
use crate::pattern::Pattern;
use crate::rule::RuleAction;
use serde_json::Value;
use std::path::Path;

/// Settings files are small; a larger one is not read (and is an error).
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// One entry of an `autoMode` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// `"$defaults"`: Claude Code's built-in list goes here.
    Defaults,
    Text(String),
}

/// A pattern belay extracted from a rule text.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedRule {
    pub action: RuleAction,
    pub pattern: Pattern,
    /// The rule text it came from.
    pub text: String,
}

/// The `autoMode` block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaudeAutoMode {
    pub environment: Vec<Entry>,
    pub allow: Vec<Entry>,
    pub soft_deny: Vec<Entry>,
    pub hard_deny: Vec<Entry>,
    pub classify_all_shell: bool,
    /// Enforceable patterns found in the rule texts.
    pub extracted: Vec<ExtractedRule>,
    /// Entries that were skipped (not strings, wrong types).
    pub warnings: Vec<String>,
}

fn texts(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Text(t) => Some(t.clone()),
            Entry::Defaults => None,
        })
        .collect()
}

impl ClaudeAutoMode {
    /// The environment lines (without `$defaults`), for the trusted environment.
    pub fn environment_lines(&self) -> Vec<String> {
        texts(&self.environment)
    }

    /// The `allow` texts, for the model tier.
    pub fn allow_texts(&self) -> Vec<String> {
        texts(&self.allow)
    }

    /// The `soft_deny` texts, for the model tier.
    pub fn soft_deny_texts(&self) -> Vec<String> {
        texts(&self.soft_deny)
    }

    /// The `hard_deny` texts, for the model tier.
    pub fn hard_deny_texts(&self) -> Vec<String> {
        texts(&self.hard_deny)
    }

    /// Parses the settings JSON text and reads its `autoMode` block (absent → empty).
    pub fn from_settings_json(json: &str) -> Result<ClaudeAutoMode, ConfigError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| ConfigError::Json(e.to_string()))?;
        Ok(ClaudeAutoMode::from_settings(&value))
    }

    /// Reads the `autoMode` block of parsed settings (lenient: wrong entries become warnings).
    pub fn from_settings(settings: &Value) -> ClaudeAutoMode {
        let mut out = ClaudeAutoMode::default();
        let Some(block) = settings.get("autoMode") else {
            return out;
        };
        let Some(block) = block.as_object() else {
            out.warnings
                .push("`autoMode` is not an object; ignored".to_string());
            return out;
        };
        for (key, value) in block {
            let list = match key.as_str() {
                "environment" => &mut out.environment,
                "allow" => &mut out.allow,
                "soft_deny" => &mut out.soft_deny,
                "hard_deny" => &mut out.hard_deny,
                "classifyAllShell" | "classify_all_shell" => {
                    match value.as_bool() {
                        Some(b) => out.classify_all_shell = b,
                        None => out
                            .warnings
                            .push(format!("`autoMode.{key}` is not a boolean; ignored")),
                    }
                    continue;
                }
                _ => continue,
            };
            let Some(items) = value.as_array() else {
                out.warnings
                    .push(format!("`autoMode.{key}` is not a list; ignored"));
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some("$defaults") => list.push(Entry::Defaults),
                    Some(s) if !s.trim().is_empty() => list.push(Entry::Text(s.trim().to_string())),
                    Some(_) => {}
                    None => out
                        .warnings
                        .push(format!("`autoMode.{key}[{i}]` is not a string; ignored")),
                }
            }
        }
        let mut extracted = Vec::new();
        for text in texts(&out.hard_deny) {
            for pattern in extract_from_prose(&text) {
                extracted.push(ExtractedRule {
                    action: RuleAction::Deny,
                    pattern,
                    text: text.clone(),
                });
            }
        }
        for text in texts(&out.soft_deny) {
            for pattern in extract_from_prose(&text) {
                extracted.push(ExtractedRule {
                    action: RuleAction::Ask,
                    pattern,
                    text: text.clone(),
                });
            }
        }
        for text in texts(&out.allow) {
            if let Some(pattern) = extract_whole(&text) {
                extracted.push(ExtractedRule {
                    action: RuleAction::Allow,
                    pattern,
                    text,
                });
            }
        }
        out.extracted = extracted;
        out
    }

    /// Reads the settings file (missing file → empty block; larger than
    /// [`MAX_SETTINGS_BYTES`] → an error).
    pub fn load(path: &Path) -> Result<ClaudeAutoMode, ConfigError> {
        if let Ok(meta) = std::fs::metadata(path)
            && meta.len() > MAX_SETTINGS_BYTES
        {
            return Err(ConfigError::Settings {
                path: path.to_path_buf(),
                message: format!("larger than {MAX_SETTINGS_BYTES} bytes; not read"),
            });
        }
        match std::fs::read_to_string(path) {
            Ok(text) => ClaudeAutoMode::from_settings_json(&text).map_err(|e| match e {
                ConfigError::Json(m) => ConfigError::Settings {
                    path: path.to_path_buf(),
                    message: m,
                },
                other => other,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ClaudeAutoMode::default()),
            Err(e) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
}

/// Tools whose input belay can match, so a pattern in prose is worth enforcing.
const PROSE_TOOLS: &[&str] = &[
    "Bash",
    "PowerShell",
    "Read",
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "WebFetch",
    "Agent",
    "Task",
];

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Permission patterns, MCP names and backticked commands in a deny text (see module docs).
pub fn extract_from_prose(text: &str) -> Vec<Pattern> {
    let mut found: Vec<Pattern> = Vec::new();
    let push = |p: Pattern, found: &mut Vec<Pattern>| {
        if !found.iter().any(|q| q.as_str() == p.as_str()) {
            found.push(p);
        }
    };
    // Tool(...) patterns.
    for tool in PROSE_TOOLS {
        let needle = format!("{tool}(");
        let mut from = 0;
        while let Some(rel) = text[from..].find(&needle) {
            let start = from + rel;
            from = start + needle.len();
            let boundary = text[..start]
                .chars()
                .last()
                .is_none_or(|c| !is_word_char(c));
            if !boundary {
                continue;
            }
            let mut depth = 0i64;
            let mut end = None;
            for (i, c) in text[start + tool.len()..].char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(start + tool.len() + i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if let Some(end) = end
                && let Ok(p) = Pattern::parse(&text[start..end])
            {
                push(p, &mut found);
            }
        }
    }
    // MCP tool names.
    for word in text.split(|c: char| !(is_word_char(c) || c == '-' || c == '*')) {
        if word.starts_with("mcp__")
            && word.len() > 5
            && let Ok(p) = Pattern::parse(word)
        {
            push(p, &mut found);
        }
    }
    // Backticked commands.
    let spans: Vec<&str> = text.split('`').collect();
    for (i, span) in spans.iter().enumerate() {
        // Odd pieces are inside backticks, when closed.
        if i % 2 == 0 || i + 1 >= spans.len() {
            continue;
        }
        if let Some(p) = backtick_command(span) {
            push(p, &mut found);
        }
    }
    found
}

fn backtick_command(span: &str) -> Option<Pattern> {
    let span = span.trim();
    if span.contains('\n') || looks_like_pattern(span) {
        return None;
    }
    if span.starts_with("mcp__") {
        return None;
    }
    let mut words = span.split_whitespace();
    let first = words.next()?;
    words.next()?;
    let first_ok = first
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && first
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c));
    if !first_ok {
        return None;
    }
    let text = if span.contains('*') {
        format!("Bash({span})")
    } else {
        format!("Bash({span}:*)")
    };
    Pattern::parse(&text).ok()
}

fn looks_like_pattern(span: &str) -> bool {
    PROSE_TOOLS
        .iter()
        .any(|t| span.starts_with(&format!("{t}(")))
}

/// An allow entry that is exactly one pattern (optionally in backticks).
pub fn extract_whole(text: &str) -> Option<Pattern> {
    let t = text.trim();
    let t = t
        .strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(t)
        .trim();
    let is_pattern = looks_like_pattern(t) && t.ends_with(')');
    let is_mcp = t.starts_with("mcp__") && !t.contains(char::is_whitespace);
    if !(is_pattern || is_mcp) {
        return None;
    }
    Pattern::parse(t).ok()
}
