//! The configuration the hook enforces, over `belay-config`: loaded once per process for the
//! event's working directory (the user's `config.toml`, Claude Code's `autoMode` block, the
//! project's `.belay.toml` files), and the rule step that combines the permission rules with the
//! rule engine's verdict.
//!
//! Precedence: a deny rule (user, Claude settings or project) always denies; an ask rule or a
//! protected path makes an allow ask; a user allow rule turns a *soft* deny into allow, never a
//! hard one, never an unjudged call. A project cannot add allow rules (they are rejected when
//! loading). A broken user configuration is a fault: every call asks, only hard denies and deny
//! rules still deny.

use crate::hook::Context;
use belay_action::{Action, Category, Decision, Severity, Verdict};
use belay_config::{EffectiveConfig, RuleAction, RuleMatch, RuleSource};
use std::path::Path;

pub use belay_config::{Loaded, Locations, load_for};

/// The rule id of a verdict decided by a deny rule.
pub const RULE_DENY: &str = "config.deny";
/// The rule id of a verdict decided by an ask rule.
pub const RULE_ASK: &str = "config.ask";
/// The rule id of a verdict decided by a protected path.
pub const RULE_PROTECTED: &str = "config.protected";
/// The rule id of a soft block cleared by the user's allow rule.
pub const RULE_ALLOW: &str = "config.allow";
/// The rule id of a call asked because the user's configuration cannot be used.
pub const RULE_INVALID: &str = "config.invalid";

/// Loads the configuration for `cwd` into the context, once: the first call takes
/// `ctx.config_files`; later calls (and contexts without files, as in eval) change nothing.
/// Returns the lines worth a note on stderr: faults and rejected project items.
pub fn load_into(ctx: &mut Context, cwd: &Path) -> Vec<String> {
    let Some(locations) = ctx.config_files.take() else {
        return Vec::new();
    };
    let loaded = load_for(&locations, cwd, &ctx.home);
    let mut notes = Vec::new();
    for fault in &loaded.faults {
        notes.push(format!(
            "config: {fault}; until it is fixed belay asks before every call (see `belay config check`)"
        ));
    }
    for rejected in &loaded.rejected {
        notes.push(format!("config: {rejected}"));
    }
    if loaded.is_faulty() {
        ctx.config_fault = Some(loaded.faults.join("; "));
    }
    ctx.config = loaded.config;
    // The model tier, when configured and the configuration is sound (a faulty one asks anyway).
    if ctx.model.is_none() && ctx.config_fault.is_none() {
        ctx.model = crate::model::ModelTier::for_hook(&ctx.config, &ctx.environment, &mut notes);
    }
    notes
}

fn source_name(source: RuleSource) -> &'static str {
    match source {
        RuleSource::User => "your config.toml",
        RuleSource::ClaudeSettings => "your Claude Code autoMode settings",
        RuleSource::Project => "the project's .belay.toml",
    }
}

/// Whether a deny or ask rule could match a shell command, so the commands belay-shell finds
/// inside the line are worth computing.
fn has_shell_tightening(config: &EffectiveConfig) -> bool {
    config
        .rules
        .iter()
        .any(|r| r.action != RuleAction::Allow && r.pattern.is_shell())
}

/// The commands a Bash line runs as belay-shell sees them: each simple command's own text and
/// its program with arguments once wrappers are removed (`sudo`, `bash -c '...'`, `$(...)`,
/// `xargs`, ...). Deny and ask rules are tried on these too.
fn shell_commands(command: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in belay_shell::parse(command).commands {
        let argv = c
            .argv
            .iter()
            .map(|w| w.render())
            .collect::<Vec<_>>()
            .join(" ");
        for text in [c.text.trim().to_string(), argv] {
            if !text.is_empty() && text != command && !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// Applies the permission rules to the engine's verdict. Returns the rule when it decided the
/// final verdict (its rule id is then one of `config.*`).
pub fn apply_rules(
    config: &EffectiveConfig,
    action: &Action,
    home: &Path,
    verdict: &mut Verdict,
) -> Option<RuleMatch> {
    if config.rules.is_empty() && config.protected.is_empty() {
        return None;
    }
    let extra = match action.input.get("command").and_then(|c| c.as_str()) {
        Some(command) if action.tool == "Bash" && has_shell_tightening(config) => {
            shell_commands(command)
        }
        _ => Vec::new(),
    };
    let m =
        config.user_rule_with_commands(&action.tool, &action.input, &action.cwd, home, &extra)?;
    let hard = verdict.decision == Decision::Deny && verdict.severity == Some(Severity::Hard);
    let locked = hard || verdict.category == Category::Unjudged;
    let decision = m.combine(verdict.decision, locked);
    let source = source_name(m.source);
    let engine_blocked = verdict.decision != Decision::Allow;
    match m.action {
        RuleAction::Deny => {
            let mut reason = format!("matches the deny rule `{}` in {source}", m.pattern);
            if engine_blocked {
                reason.push_str(&format!(
                    "; belay's rules also flag it: {}",
                    verdict.message()
                ));
            } else {
                reason.push('.');
            }
            *verdict = Verdict {
                decision: Decision::Deny,
                rule: Some(RULE_DENY.to_string()),
                category: verdict.category,
                severity: Some(Severity::Hard),
                reason,
                effects: std::mem::take(&mut verdict.effects),
            };
            Some(m)
        }
        RuleAction::Ask if decision != verdict.decision => {
            let (rule, reason) = match m.pattern.strip_prefix("protected: ") {
                Some(path) => (
                    RULE_PROTECTED,
                    format!("writes to the protected path `{path}` ({source}); the user decides."),
                ),
                None => (
                    RULE_ASK,
                    format!(
                        "matches the ask rule `{}` in {source}; the user decides.",
                        m.pattern
                    ),
                ),
            };
            *verdict = Verdict {
                decision,
                rule: Some(rule.to_string()),
                category: verdict.category,
                severity: None,
                reason,
                effects: std::mem::take(&mut verdict.effects),
            };
            Some(m)
        }
        RuleAction::Allow if decision == Decision::Allow && engine_blocked => {
            *verdict = Verdict {
                decision,
                rule: Some(RULE_ALLOW.to_string()),
                category: verdict.category,
                severity: None,
                reason: format!(
                    "allowed by the allow rule `{}` in {source} (without it: {})",
                    m.pattern,
                    verdict.message()
                ),
                effects: std::mem::take(&mut verdict.effects),
            };
            Some(m)
        }
        RuleAction::Allow if locked && engine_blocked => {
            verdict.reason.push_str(&format!(
                " (The allow rule `{}` in {source} cannot clear this: {}.)",
                m.pattern,
                if hard {
                    "the block is hard"
                } else {
                    "belay could not judge the call"
                }
            ));
            None
        }
        _ => None,
    }
}

/// With a broken user configuration nothing is decided silently: the verdict becomes `ask`,
/// except a hard deny or a deny rule, which stay.
pub fn apply_fault(verdict: &mut Verdict, fault: &str) {
    let keeps = verdict.decision == Decision::Deny
        && (verdict.severity == Some(Severity::Hard) || verdict.rule.as_deref() == Some(RULE_DENY));
    if keeps {
        return;
    }
    let without = if verdict.reason.is_empty() {
        String::new()
    } else {
        format!(" Without it: {}", verdict.message())
    };
    *verdict = Verdict {
        decision: Decision::Ask,
        rule: Some(RULE_INVALID.to_string()),
        category: verdict.category,
        severity: None,
        reason: format!(
            "belay's configuration cannot be used ({}), so the user decides every call until it is fixed (`belay config check`).{without}",
            crate::screen::one_line(fault, 300)
        ),
        effects: std::mem::take(&mut verdict.effects),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use belay_config::{Config, ProjectConfig, check_str, parse_project};
    use serde_json::json;
    use std::path::PathBuf;

    fn config(user: &str, project: &str) -> EffectiveConfig {
        let user: Config = check_str("config.toml", user).expect("valid user config");
        let (project, rejected): (ProjectConfig, _) = parse_project(".belay.toml", project);
        assert!(rejected.is_empty(), "{rejected:?}");
        EffectiveConfig::merge(&user, &project)
    }

    fn bash(command: &str) -> Action {
        Action {
            tool: "Bash".into(),
            input: json!({ "command": command }),
            cwd: PathBuf::from("/home/dev/app"),
        }
    }

    fn verdict(decision: Decision, severity: Option<Severity>) -> Verdict {
        Verdict {
            decision,
            rule: (decision != Decision::Allow).then(|| "git.force-push".to_string()),
            category: if decision == Decision::Allow {
                Category::Routine
            } else {
                Category::DestroyRemote
            },
            severity,
            reason: "engine says so".into(),
            effects: Vec::new(),
        }
    }

    /// (user config, project config, command, engine decision, engine severity, final decision,
    /// final rule)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        Decision,
        Option<Severity>,
        Decision,
        Option<&'static str>,
    );

    const SOFT: Option<Severity> = Some(Severity::Soft);
    const HARD: Option<Severity> = Some(Severity::Hard);
    const DENY_PUSH: &str = "[rules]\ndeny = [\"Bash(git push:*)\"]";
    const ALLOW_FORCE: &str = "[rules]\nallow = [\"Bash(git push --force origin feat/x)\"]";

    #[rustfmt::skip]
    const ROWS: &[Row] = &[
        // User deny beats the engine's allow, through wrappers and substitutions.
        (DENY_PUSH, "", "git push origin main", Decision::Allow, None, Decision::Deny, Some(RULE_DENY)),
        (DENY_PUSH, "", "cd x && sudo git push", Decision::Allow, None, Decision::Deny, Some(RULE_DENY)),
        (DENY_PUSH, "", "bash -c 'git push origin'", Decision::Allow, None, Decision::Deny, Some(RULE_DENY)),
        (DENY_PUSH, "", "git status", Decision::Allow, None, Decision::Allow, None),
        // User ask beats allow; an engine deny stays the engine's.
        ("[rules]\nask = [\"Bash(terraform apply:*)\"]", "", "terraform apply", Decision::Allow, None, Decision::Ask, Some(RULE_ASK)),
        ("[rules]\nask = [\"Bash(git push:*)\"]", "", "git push -f", Decision::Deny, SOFT, Decision::Deny, Some("git.force-push")),
        // User allow clears a soft deny, never a hard one.
        (ALLOW_FORCE, "", "git push --force origin feat/x", Decision::Deny, SOFT, Decision::Allow, Some(RULE_ALLOW)),
        (ALLOW_FORCE, "", "git push --force origin feat/x", Decision::Deny, HARD, Decision::Deny, Some("git.force-push")),
        // Deny beats allow within the user's own rules.
        ("[rules]\nallow = [\"Bash(git push:*)\"]\ndeny = [\"Bash(git push --force:*)\"]", "", "git push --force", Decision::Deny, SOFT, Decision::Deny, Some(RULE_DENY)),
        // Project deny and ask rules apply; a project allow never loads (see project tests).
        ("", "[rules]\ndeny = [\"Bash(make deploy)\"]", "make deploy", Decision::Allow, None, Decision::Deny, Some(RULE_DENY)),
        ("", "[rules]\nask = [\"Bash(npm publish:*)\"]", "npm publish", Decision::Allow, None, Decision::Ask, Some(RULE_ASK)),
    ];

    #[test]
    fn rules_combine_with_the_engine() {
        for (user, project, command, engine, severity, want, want_rule) in ROWS {
            let c = config(user, project);
            let mut v = verdict(*engine, *severity);
            apply_rules(&c, &bash(command), Path::new("/home/dev"), &mut v);
            assert_eq!(
                (v.decision, v.rule.as_deref()),
                (*want, *want_rule),
                "{user:?} / {project:?} / {command:?}: {v:?}"
            );
        }
    }

    #[test]
    fn protected_paths_ask_for_writes() {
        let c = config("", "[protected]\npaths = [\"migrations/**\"]");
        let write = Action {
            tool: "Write".into(),
            input: json!({ "file_path": "/home/dev/app/migrations/001.sql", "content": "x" }),
            cwd: PathBuf::from("/home/dev/app"),
        };
        let mut v = verdict(Decision::Allow, None);
        apply_rules(&c, &write, Path::new("/home/dev"), &mut v);
        assert_eq!(v.decision, Decision::Ask);
        assert_eq!(v.rule.as_deref(), Some(RULE_PROTECTED));
        assert!(v.reason.contains("migrations/**"), "{}", v.reason);
    }

    #[test]
    fn an_unjudged_call_is_not_allowed_by_a_rule() {
        let c = config("[rules]\nallow = [\"Bash(npm test)\"]", "");
        let mut v = Verdict::unjudged("engine.unparsed", "could not parse");
        apply_rules(&c, &bash("npm test"), Path::new("/home/dev"), &mut v);
        assert_eq!(v.decision, Decision::Ask);
    }

    #[test]
    fn a_fault_asks_except_for_hard_denies() {
        for (decision, severity, rule, want) in [
            (Decision::Allow, None, None, Decision::Ask),
            (Decision::Deny, Some(Severity::Soft), None, Decision::Ask),
            (Decision::Deny, Some(Severity::Hard), None, Decision::Deny),
            (
                Decision::Deny,
                Some(Severity::Hard),
                Some(RULE_DENY),
                Decision::Deny,
            ),
        ] {
            let mut v = verdict(decision, severity);
            if let Some(rule) = rule {
                v.rule = Some(rule.to_string());
            }
            apply_fault(&mut v, "config.toml:2:9: invalid rule pattern");
            assert_eq!(v.decision, want, "{v:?}");
            if want == Decision::Ask {
                assert_eq!(v.rule.as_deref(), Some(RULE_INVALID));
                assert!(v.reason.contains("config.toml:2:9"), "{}", v.reason);
            }
        }
    }
}
