//! The configuration in force: the user's config and Claude settings merged with the project's
//! additions (tighten-only), and the permission-rule matcher the policy calls.
//!
//! Precedence is Claude Code's: any matching deny rule wins, then any ask rule (including
//! protected paths for the file-writing tools), then allow rules. Within a tier the first match
//! is reported, in the order user, Claude settings, project.
//!
//! Shell commands (`Bash`, `PowerShell`): the line is split into simple commands on `;`, `&&`,
//! `||`, `|`, `&` and newlines outside quotes, without a shell parser
//! ([`crate::pattern::split_commands`]). Deny and ask rules match when they match the whole line,
//! any simple command, or any simple command with its leading `NAME=value` assignments or
//! option-less wrappers (`sudo`, `env`, `nohup`, `time`, ...) removed,
//! or any extra command string the caller passes ([`EffectiveConfig::user_rule_with_commands`]:
//! the lead feeds the commands belay-shell finds inside `bash -c`, `$(...)`, pipelines into
//! interpreters and so on). An allow rule matches only when the split was confident (no
//! substitutions, subshells, heredocs or unbalanced quotes) and every simple command, as written,
//! is matched by some allow rule — or a bare `Bash` allow rule matches.
//!
//! Allow rules are never taken from the project. As in Claude Code's auto mode (spec §1.4),
//! allow rules that amount to arbitrary code execution ([`Pattern::is_broad_allow`]: bare `Bash`,
//! `Bash(*)`, `Bash(python*)`, `Bash(npm run:*)`, bare `Agent`, ...) are suspended unless
//! [`EffectiveConfig::honour_broad_allows`] is set, and `autoMode.classifyAllShell: true`
//! suspends every `Bash`/`PowerShell` allow rule. A returned rule is combined with the policy's
//! own verdict by [`RuleMatch::combine`](crate::RuleMatch::combine), which never lets a rule
//! weaken a `hard` block.

use crate::claude::ClaudeAutoMode;
use crate::config::{Config, Limits, ModelConfig};
use crate::pattern::{Pattern, split_commands, strip_assignments, strip_wrappers};
use crate::project::{ProjectConfig, Rejected};
use crate::rule::{RuleAction, RuleMatch, RuleSource};
use belay_action::Severity;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A rule with its action and origin.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedRule {
    pub action: RuleAction,
    pub pattern: Pattern,
    pub source: RuleSource,
}

/// Everything in force for one project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EffectiveConfig {
    /// Trusted environment lines: the user's config, then Claude's `autoMode.environment`.
    pub environment: Vec<String>,
    /// Permission rules, in reporting order (user, Claude settings, project).
    pub rules: Vec<SourcedRule>,
    /// Protected paths (`Edit(...)` patterns): writes ask.
    pub protected: Vec<(Pattern, RuleSource)>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    pub limits: Limits,
    pub model: Option<ModelConfig>,
    /// Claude's `autoMode` texts, for the model tier.
    pub claude: ClaudeAutoMode,
    /// Project settings the merge refused (raised limits, lowered severities).
    pub rejected: Vec<Rejected>,
    /// Apply allow rules that amount to arbitrary code execution
    /// ([`Pattern::is_broad_allow`]). Off by default: like Claude Code in auto mode, belay
    /// suspends them.
    pub honour_broad_allows: bool,
}

impl EffectiveConfig {
    /// The user's configuration alone.
    pub fn from_user(user: &Config) -> EffectiveConfig {
        EffectiveConfig::merge(user, &ProjectConfig::default())
    }

    /// Merges the project's additions into the user's configuration. The project can only
    /// tighten: its deny/ask rules and protected paths are added, its `hard` severities raise,
    /// its limits apply only when lower; anything else it carries is refused into `rejected`.
    pub fn merge(user: &Config, project: &ProjectConfig) -> EffectiveConfig {
        let mut environment = user.environment.clone();
        environment.extend(user.claude.environment_lines());
        let mut rules = Vec::new();
        for (action, list) in [
            (RuleAction::Deny, &user.rules.deny),
            (RuleAction::Ask, &user.rules.ask),
            (RuleAction::Allow, &user.rules.allow),
        ] {
            rules.extend(list.iter().map(|p| SourcedRule {
                action,
                pattern: p.clone(),
                source: RuleSource::User,
            }));
        }
        rules.extend(user.claude.extracted.iter().map(|e| SourcedRule {
            action: e.action,
            pattern: e.pattern.clone(),
            source: RuleSource::ClaudeSettings,
        }));
        for (action, list) in [
            (RuleAction::Deny, &project.deny),
            (RuleAction::Ask, &project.ask),
        ] {
            rules.extend(list.iter().map(|p| SourcedRule {
                action,
                pattern: p.clone(),
                source: RuleSource::Project,
            }));
        }
        let mut protected: Vec<(Pattern, RuleSource)> = user
            .protected
            .iter()
            .map(|p| (p.clone(), RuleSource::User))
            .collect();
        protected.extend(
            project
                .protected
                .iter()
                .map(|p| (p.clone(), RuleSource::Project)),
        );

        let mut rejected = Vec::new();
        let reject = |item: String, reason: String| Rejected {
            item,
            reason,
            file: crate::paths::PROJECT_FILE.to_string(),
            line: 0,
            column: 0,
        };
        let mut severity = user.severity.clone();
        for (id, sev) in &project.severity {
            match sev {
                Severity::Hard => {
                    severity.insert(id.clone(), Severity::Hard);
                }
                Severity::Soft => rejected.push(reject(
                    format!("[severity] \"{id}\" = \"soft\""),
                    "a project can only raise severities".to_string(),
                )),
            }
        }
        let mut limits = user.limits;
        for (key, project_value, user_value) in [
            (
                "consecutive_denials",
                project.consecutive_denials,
                &mut limits.consecutive_denials,
            ),
            (
                "total_denials",
                project.total_denials,
                &mut limits.total_denials,
            ),
        ] {
            if let Some(v) = project_value {
                if v == 0 {
                    rejected.push(reject(
                        format!("[limits].{key} = 0"),
                        "limits must be at least 1".to_string(),
                    ));
                } else if v <= *user_value {
                    *user_value = v;
                } else {
                    rejected.push(reject(
                        format!("[limits].{key} = {v}"),
                        format!("a project can only lower limits (yours is {user_value})"),
                    ));
                }
            }
        }
        EffectiveConfig {
            environment,
            rules,
            protected,
            severity,
            limits,
            model: user.model.clone(),
            claude: user.claude.clone(),
            rejected,
            honour_broad_allows: false,
        }
    }

    /// The severity in force for a catalog rule.
    pub fn severity_of(&self, rule: &belay_policy::rules::Rule) -> Severity {
        self.severity.get(rule.id).copied().unwrap_or(rule.severity)
    }

    /// The permission rule deciding this call, if any (deny, then ask, then allow).
    pub fn user_rule(
        &self,
        tool: &str,
        input: &Value,
        cwd: &Path,
        home: &Path,
    ) -> Option<RuleMatch> {
        self.user_rule_with_commands(tool, input, cwd, home, &[])
    }

    /// As [`EffectiveConfig::user_rule`], with extra command strings (from belay-shell) that
    /// deny and ask rules are also tried on. They never make an allow rule match.
    pub fn user_rule_with_commands(
        &self,
        tool: &str,
        input: &Value,
        cwd: &Path,
        home: &Path,
        extra_commands: &[String],
    ) -> Option<RuleMatch> {
        let shell = matches!(tool, "Bash" | "PowerShell");
        let command = input.get("command").and_then(Value::as_str);
        let split = command.map(split_commands);
        let mut candidates: Vec<String> = Vec::new();
        if shell {
            if let Some(cmd) = command {
                candidates.push(cmd.to_string());
            }
            if let Some(split) = &split {
                for part in &split.parts {
                    candidates.push(part.clone());
                    for stripped in [strip_assignments(part), strip_wrappers(part)] {
                        if stripped != part && !candidates.iter().any(|c| c == stripped) {
                            candidates.push(stripped.to_string());
                        }
                    }
                }
            }
            candidates.extend(extra_commands.iter().cloned());
        }
        let loose = |p: &Pattern| {
            p.matches(tool, input, cwd, home)
                || (shell && p.is_shell() && candidates.iter().any(|c| p.matches_command(tool, c)))
        };
        for action in [RuleAction::Deny, RuleAction::Ask] {
            if let Some(r) = self
                .rules
                .iter()
                .find(|r| r.action == action && loose(&r.pattern))
            {
                return Some(found(r));
            }
            if action == RuleAction::Ask
                && let Some((p, source)) = self
                    .protected
                    .iter()
                    .find(|(p, _)| p.matches(tool, input, cwd, home))
            {
                let path = p
                    .as_str()
                    .strip_prefix("Edit(")
                    .and_then(|s| s.strip_suffix(')'))
                    .unwrap_or(p.as_str());
                return Some(RuleMatch {
                    action: RuleAction::Ask,
                    pattern: format!("protected: {path}"),
                    source: *source,
                });
            }
        }
        let allows: Vec<&SourcedRule> = self
            .rules
            .iter()
            .filter(|r| {
                r.action == RuleAction::Allow
                    && r.source != RuleSource::Project
                    && (self.honour_broad_allows || !r.pattern.is_broad_allow())
                    && !(self.claude.classify_all_shell && r.pattern.is_shell())
            })
            .collect();
        if !shell {
            return allows
                .iter()
                .find(|r| r.pattern.matches_strict(tool, input, cwd, home))
                .map(|r| found(r));
        }
        // A bare `Bash` allow approves any line.
        if let Some(r) = allows
            .iter()
            .find(|r| r.pattern.tool() == tool && r.pattern.as_str() == tool)
        {
            return Some(found(r));
        }
        let split = split?;
        if !split.confident || split.parts.is_empty() {
            return None;
        }
        let mut used: Vec<&SourcedRule> = Vec::new();
        for part in &split.parts {
            let r = allows
                .iter()
                .find(|r| r.pattern.matches_command(tool, part))?;
            if !used.iter().any(|u| u.pattern == r.pattern) {
                used.push(r);
            }
        }
        let first = used.first()?;
        Some(RuleMatch {
            action: RuleAction::Allow,
            pattern: used
                .iter()
                .map(|r| r.pattern.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            source: first.source,
        })
    }

    /// Every rule in force, for `belay rules`: (action, pattern, source).
    pub fn list_rules(&self) -> Vec<(RuleAction, String, RuleSource)> {
        let mut out: Vec<_> = self
            .rules
            .iter()
            .map(|r| (r.action, r.pattern.as_str().to_string(), r.source))
            .collect();
        out.extend(
            self.protected
                .iter()
                .map(|(p, s)| (RuleAction::Ask, p.as_str().to_string(), *s)),
        );
        out
    }
}

fn found(r: &SourcedRule) -> RuleMatch {
    RuleMatch {
        action: r.action,
        pattern: r.pattern.as_str().to_string(),
        source: r.source,
    }
}
