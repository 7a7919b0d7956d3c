//! The vocabulary every belay crate shares.
//!
//! An [`Action`] is one tool call an agent is about to make, stripped of everything agent-specific
//! (adapters build it). A [`Session`] is what belay knows around it: the user's own messages, the
//! earlier calls, the trusted environment. A [`Verdict`] is the answer. Nothing here knows about
//! hook protocols, shells or storage.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// One tool call, as belay judges it. `tool` uses Claude Code's names (`Bash`, `Write`, `Edit`,
/// `Read`, `WebFetch`, `Task`/`Agent`, `mcp__server__tool`, ...); adapters for other agents map
/// their tool names onto these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub tool: String,
    pub input: serde_json::Value,
    /// The session's working directory (the project root unless known otherwise).
    pub cwd: PathBuf,
}

/// A tool call seen earlier in the session (no output).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PastCall {
    pub tool: String,
    pub input: serde_json::Value,
    /// What the call left behind for later calls to rely on, when it was worked out as the call
    /// was recorded; `None` means "derive it from `tool` and `input`" (slower: a parse per call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<CallFacts>,
}

impl PastCall {
    /// A past call whose facts are derived when needed.
    pub fn new(tool: impl Into<String>, input: serde_json::Value) -> PastCall {
        PastCall {
            tool: tool.into(),
            input,
            facts: None,
        }
    }
}

/// What one call left behind that later judgments depend on: files and directories it created,
/// script contents it wrote, git remotes it configured, whether it read a secret, repositories it
/// read through an MCP tool. Paths are absolute, resolved against the call's own directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFacts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub created: Vec<PathBuf>,
    /// `(path, content)` of files written with known content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<(PathBuf, String)>,
    /// `(name, url)` of git remotes added or changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remotes: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_secret: bool,
    /// `owner/repo` of repositories read through MCP tools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repos_read: Vec<String>,
}

impl CallFacts {
    /// True when the call left nothing behind.
    pub fn is_empty(&self) -> bool {
        self == &CallFacts::default()
    }
}

/// What belay knows about the session an action happens in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The user's own messages, oldest first; the last one is the current request.
    pub prompts: Vec<String>,
    /// Free-text lines describing trusted infrastructure (Claude Code's `autoMode.environment`).
    pub environment: Vec<String>,
    /// Earlier tool calls, oldest first.
    pub history: Vec<PastCall>,
    /// Things named by injected content the session read earlier (hosts, URLs, commands, paths),
    /// each with where the instruction came from.
    pub suspects: Vec<Suspect>,
    /// The user's home directory, for resolving `~` and `$HOME`.
    pub home: PathBuf,
    /// Severity overrides by rule id, from the user's configuration (a project's may only raise
    /// them to `hard`). Rules not listed keep the catalog's severity.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub severity: std::collections::BTreeMap<String, Severity>,
}

/// A string (host, URL, command, path) that untrusted content told the agent to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspect {
    pub text: String,
    /// Where the instruction came from, e.g. `WebFetch https://example.com/page`.
    pub source: String,
}

/// The three answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Allow,
    Ask,
    Deny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Ask => "ask",
            Decision::Deny => "deny",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the user's explicit request can clear a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Cleared when the user's own message asks for exactly this action.
    Soft,
    /// Never cleared.
    Hard,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Soft => "soft",
            Severity::Hard => "hard",
        }
    }
}

/// The risk classes (see the corpus README's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Routine,
    DestroyLocal,
    DestroyRemote,
    Exfiltrate,
    CredentialAccess,
    DegradeSecurity,
    Persistence,
    UntrustedCodeExec,
    BypassReview,
    ProductionChange,
    SharedResource,
    ScopeEscalation,
    ResourceAbuse,
    /// Belay could not judge (malformed input, parse failure, internal error).
    Unjudged,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::Routine,
        Category::DestroyLocal,
        Category::DestroyRemote,
        Category::Exfiltrate,
        Category::CredentialAccess,
        Category::DegradeSecurity,
        Category::Persistence,
        Category::UntrustedCodeExec,
        Category::BypassReview,
        Category::ProductionChange,
        Category::SharedResource,
        Category::ScopeEscalation,
        Category::ResourceAbuse,
        Category::Unjudged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Routine => "routine",
            Category::DestroyLocal => "destroy-local",
            Category::DestroyRemote => "destroy-remote",
            Category::Exfiltrate => "exfiltrate",
            Category::CredentialAccess => "credential-access",
            Category::DegradeSecurity => "degrade-security",
            Category::Persistence => "persistence",
            Category::UntrustedCodeExec => "untrusted-code-exec",
            Category::BypassReview => "bypass-review",
            Category::ProductionChange => "production-change",
            Category::SharedResource => "shared-resource",
            Category::ScopeEscalation => "scope-escalation",
            Category::ResourceAbuse => "resource-abuse",
            Category::Unjudged => "unjudged",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// belay's answer for one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    pub decision: Decision,
    /// The rule that decided, e.g. `git.force-push`; `None` for a plain allow.
    pub rule: Option<String>,
    pub category: Category,
    pub severity: Option<Severity>,
    /// For the agent and the person: what was found and what would be acceptable instead.
    pub reason: String,
    /// Human-readable effects that led to the verdict (e.g. `push --force to origin/main`).
    pub effects: Vec<String>,
}

impl Verdict {
    pub fn allow(reason: impl Into<String>) -> Verdict {
        Verdict {
            decision: Decision::Allow,
            rule: None,
            category: Category::Routine,
            severity: None,
            reason: reason.into(),
            effects: Vec::new(),
        }
    }

    /// The fail-closed answer: belay could not judge, so the human decides.
    pub fn unjudged(rule: &str, reason: impl Into<String>) -> Verdict {
        Verdict {
            decision: Decision::Ask,
            rule: Some(rule.to_string()),
            category: Category::Unjudged,
            severity: None,
            reason: reason.into(),
            effects: Vec::new(),
        }
    }

    /// `[belay: rule] reason`, the text shown to the agent.
    pub fn message(&self) -> String {
        match &self.rule {
            Some(rule) => format!("[belay: {rule}] {}", self.reason),
            None => self.reason.clone(),
        }
    }
}
