//! What a matched permission rule says, and where it came from.

use belay_action::Decision;
use std::fmt;

/// The action a permission rule takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleAction {
    Deny,
    Ask,
    Allow,
}

impl RuleAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleAction::Deny => "deny",
            RuleAction::Ask => "ask",
            RuleAction::Allow => "allow",
        }
    }

    pub fn decision(self) -> Decision {
        match self {
            RuleAction::Deny => Decision::Deny,
            RuleAction::Ask => Decision::Ask,
            RuleAction::Allow => Decision::Allow,
        }
    }
}

impl fmt::Display for RuleAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a rule was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleSource {
    /// The user's `config.toml`.
    User,
    /// The project's `.belay.toml` (deny/ask and protected paths only).
    Project,
    /// Extracted from Claude Code's `autoMode` settings.
    ClaudeSettings,
}

impl RuleSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSource::User => "user",
            RuleSource::Project => "project",
            RuleSource::ClaudeSettings => "claude-settings",
        }
    }
}

impl fmt::Display for RuleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A permission rule that matched a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMatch {
    pub action: RuleAction,
    /// The pattern as written (several, comma-separated, when each simple command of a compound
    /// line was allowed by a different rule; `protected: PATH` for protected paths).
    pub pattern: String,
    pub source: RuleSource,
}

impl RuleMatch {
    /// Combines the rule with the policy's own decision. A rule never weakens a `hard` policy
    /// deny; a deny or ask rule only tightens (`max` of the two); only an allow rule from the
    /// user (or the user's Claude settings) lowers a soft policy decision to allow.
    pub fn combine(&self, policy: Decision, policy_hard: bool) -> Decision {
        match self.action {
            RuleAction::Deny => Decision::Deny,
            RuleAction::Ask => policy.max(Decision::Ask),
            RuleAction::Allow => {
                if policy_hard || self.source == RuleSource::Project {
                    policy
                } else {
                    Decision::Allow
                }
            }
        }
    }
}
