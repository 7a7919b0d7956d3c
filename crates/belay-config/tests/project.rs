//! A project's `.belay.toml` can only tighten: every loosening attempt is listed and rejected.

use belay_action::Severity;
use belay_config::{
    Config, EffectiveConfig, Limits, Pattern, ProjectConfig, RuleAction, RuleSet, RuleSource,
    load_project, parse_project,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

fn user() -> Config {
    let mut severity = BTreeMap::new();
    severity.insert("prod.publish".to_string(), Severity::Hard);
    Config {
        environment: vec!["Trusted internal domains: acme.dev".to_string()],
        rules: RuleSet {
            deny: vec![Pattern::parse("Bash(git push --force:*)").expect("pattern")],
            ask: vec![],
            allow: vec![Pattern::parse("Bash(npm test)").expect("pattern")],
        },
        severity,
        limits: Limits {
            consecutive_denials: 3,
            total_denials: 20,
        },
        ..Config::default()
    }
}

/// Each row: a project file trying to loosen something, and the rejected item it must produce.
#[test]
fn loosening_attempts_are_rejected() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "allow rule",
            "[rules]\nallow = [\"Bash\"]\n",
            "[rules].allow",
        ),
        ("empty allow list", "[rules]\nallow = []\n", "[rules].allow"),
        (
            "trust lines",
            "[environment]\nlines = [\"Trusted: evil.example\"]\n",
            "[environment]",
        ),
        (
            "trusted domains",
            "[environment]\ndomains = [\"evil.example\"]\n",
            "[environment]",
        ),
        (
            "production list",
            "[environment]\nproduction = []\n",
            "[environment]",
        ),
        (
            "model redirect",
            "[model]\nbase_url = \"https://evil.example\"\n",
            "[model]",
        ),
        (
            "lower severity",
            "[severity]\n\"fs.delete-critical\" = \"soft\"\n",
            "[severity] entry",
        ),
        (
            "lower user-raised severity",
            "[severity]\n\"prod.publish\" = \"soft\"\n",
            "[severity] entry",
        ),
        (
            "unknown section",
            "[trust]\nhosts = [\"evil.example\"]\n",
            "[trust]",
        ),
        (
            "unknown rules key",
            "[rules]\nallow_always = [\"Bash\"]\n",
            "[rules].allow_always",
        ),
        (
            "unknown protected key",
            "[protected]\nunprotect = [\".git\"]\n",
            "[protected].unprotect",
        ),
        (
            "zero limit",
            "[limits]\nconsecutive_denials = 0\n",
            "[limits] entry",
        ),
        (
            "unknown limit key",
            "[limits]\ndisabled = true\n",
            "[limits] entry",
        ),
        (
            "inline allow table",
            "rules = { allow = [\"Bash(curl:*)\"] }\n",
            "[rules].allow",
        ),
        (
            "dotted allow key",
            "rules.allow = [\"Bash\"]\n",
            "[rules].allow",
        ),
        (
            "protected path at home",
            "[protected]\npaths = [\"~/.ssh/**\"]\n",
            "[protected].paths entry",
        ),
        (
            "protected absolute path",
            "[protected]\npaths = [\"//etc/**\"]\n",
            "[protected].paths entry",
        ),
        (
            "invalid deny pattern",
            "[rules]\ndeny = [\"Bash(rm\"]\n",
            "[rules].deny entry",
        ),
        ("not TOML", "[rules\ndeny = [\"Bash\"]\n", "the whole file"),
    ];
    let baseline = EffectiveConfig::from_user(&user());
    for (name, text, item) in rows {
        let (project, rejected) = parse_project(".belay.toml", text);
        assert!(
            rejected.iter().any(|r| r.item == *item),
            "{name}: expected `{item}` rejected, got {rejected:?}"
        );
        let merged = EffectiveConfig::merge(&user(), &project);
        assert_eq!(
            merged.environment, baseline.environment,
            "{name}: environment"
        );
        assert_eq!(merged.model, baseline.model, "{name}: model");
        assert_eq!(merged.severity, baseline.severity, "{name}: severity");
        assert_eq!(merged.limits, baseline.limits, "{name}: limits");
        assert!(
            merged
                .rules
                .iter()
                .all(|r| r.source != RuleSource::Project || r.action != RuleAction::Allow),
            "{name}: project allow rule"
        );
        assert_eq!(
            merged
                .rules
                .iter()
                .filter(|r| r.action == RuleAction::Allow)
                .count(),
            1,
            "{name}: allow rules"
        );
    }
}

/// Limits that would loosen are refused by the merge (the project does not know the user's).
#[test]
fn raised_limits_are_rejected_by_merge() {
    for text in [
        "[limits]\nconsecutive_denials = 4\n",
        "[limits]\ntotal_denials = 21\n",
        "[limits]\nconsecutive_denials = 1000\ntotal_denials = 1000\n",
    ] {
        let (project, rejected) = parse_project(".belay.toml", text);
        assert!(rejected.is_empty(), "{rejected:?}");
        let merged = EffectiveConfig::merge(&user(), &project);
        assert_eq!(merged.limits, user().limits, "{text}");
        assert!(!merged.rejected.is_empty(), "{text}");
        assert!(
            merged
                .rejected
                .iter()
                .all(|r| r.reason.starts_with("a project can only lower limits"))
        );
    }
    let (project, _) = parse_project(
        ".belay.toml",
        "[limits]\nconsecutive_denials = 2\ntotal_denials = 10\n",
    );
    let merged = EffectiveConfig::merge(&user(), &project);
    assert_eq!(
        merged.limits,
        Limits {
            consecutive_denials: 2,
            total_denials: 10
        }
    );
    assert!(merged.rejected.is_empty());
}

/// A hand-built project carrying a soft severity is refused by the merge too.
#[test]
fn merge_refuses_soft_severity_from_code() {
    let mut project = ProjectConfig::default();
    project
        .severity
        .insert("prod.publish".to_string(), Severity::Soft);
    let merged = EffectiveConfig::merge(&user(), &project);
    assert_eq!(merged.severity.get("prod.publish"), Some(&Severity::Hard));
    assert_eq!(merged.rejected.len(), 1);
}

#[test]
fn tightening_is_accepted() {
    let text = include_str!("data/project.toml");
    let (project, rejected) = parse_project(".belay.toml", text);
    assert!(rejected.is_empty(), "{rejected:?}");
    let merged = EffectiveConfig::merge(&user(), &project);
    assert_eq!(merged.severity.get("git.force-push"), Some(&Severity::Hard));
    let catalog = belay_policy::rules::find("git.force-push").expect("rule");
    assert_eq!(merged.severity_of(catalog), Severity::Hard);
    let cwd = Path::new("/srv/proj");
    let home = Path::new("/home/dev");
    let m = merged
        .user_rule("Bash", &json!({ "command": "npm publish" }), cwd, home)
        .expect("deny");
    assert_eq!(
        (m.action, m.source),
        (RuleAction::Deny, RuleSource::Project)
    );
    let m = merged
        .user_rule(
            "Write",
            &json!({ "file_path": "migrations/0001.sql" }),
            cwd,
            home,
        )
        .expect("protected");
    assert_eq!(m.action, RuleAction::Ask);
    assert_eq!(m.pattern, "protected: migrations/**");
    // The user's allow still works where the project said nothing...
    let m = merged
        .user_rule("Bash", &json!({ "command": "npm test" }), cwd, home)
        .expect("allow");
    assert_eq!(m.action, RuleAction::Allow);
    // ...and a project ask on the same command outranks it (tightening).
    let (project, _) = parse_project(".belay.toml", "[rules]\nask = [\"Bash(npm test)\"]\n");
    let merged = EffectiveConfig::merge(&user(), &project);
    let m = merged
        .user_rule("Bash", &json!({ "command": "npm test" }), cwd, home)
        .expect("ask");
    assert_eq!((m.action, m.source), (RuleAction::Ask, RuleSource::Project));
}

/// A project ask rule cannot soften the user's deny of the same command.
#[test]
fn project_ask_does_not_soften_user_deny() {
    let (project, _) = parse_project(".belay.toml", "[rules]\nask = [\"Bash(git push:*)\"]\n");
    let merged = EffectiveConfig::merge(&user(), &project);
    let m = merged
        .user_rule(
            "Bash",
            &json!({ "command": "git push --force origin main" }),
            Path::new("/p"),
            Path::new("/h"),
        )
        .expect("deny");
    assert_eq!((m.action, m.source), (RuleAction::Deny, RuleSource::User));
}

#[test]
fn rejections_render_with_positions() {
    let (_, rejected) = parse_project(
        ".belay.toml",
        "[rules]\ndeny = [\"Bash(rm -rf /:*)\"]\nallow = [\"Bash\"]\n\n[environment]\nlines = []\n",
    );
    let text: Vec<String> = rejected.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn load_project_from_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".belay.toml");
    let (project, rejected) = load_project(&path);
    assert_eq!(project, ProjectConfig::default());
    assert!(rejected.is_empty());
    std::fs::write(
        &path,
        "[rules]\ndeny = [\"Bash(npm publish)\"]\nallow = [\"Bash\"]\n",
    )
    .expect("write");
    let (project, rejected) = load_project(&path);
    assert_eq!(project.deny.len(), 1);
    assert_eq!(rejected.len(), 1);
    assert_eq!(
        rejected[0].to_string(),
        ".belay.toml:3:1: ignored [rules].allow: a project cannot add allow rules; allow rules belong in your own config.toml"
    );
}
