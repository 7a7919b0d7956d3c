//! Claude Code's `autoMode` block: texts for the model tier, extracted patterns, paths.

use belay_config::claude::{extract_from_prose, extract_whole};
use belay_config::paths::{claude_settings_path, project_config_path, user_config_path};
use belay_config::{
    ClaudeAutoMode, Config, ConfigError, EffectiveConfig, Entry, RuleAction, RuleSource,
    load_user_from,
};
use serde_json::json;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

fn settings() -> ClaudeAutoMode {
    ClaudeAutoMode::from_settings_json(include_str!("data/claude_settings.json")).expect("json")
}

#[test]
fn lists_and_markers() {
    let a = settings();
    assert_eq!(a.environment[0], Entry::Defaults);
    assert_eq!(
        a.environment_lines(),
        [
            "Source control: github.example.com/acme-corp and all repos under it",
            "Trusted internal domains: acme.dev"
        ]
    );
    assert_eq!(a.allow.iter().filter(|e| **e == Entry::Defaults).count(), 1);
    assert_eq!(a.allow_texts().len(), 4);
    assert_eq!(a.soft_deny_texts().len(), 3);
    assert_eq!(a.hard_deny_texts().len(), 3);
    assert!(!a.hard_deny.contains(&Entry::Defaults));
    assert!(a.classify_all_shell);
    assert_eq!(
        a.warnings,
        ["`autoMode.hard_deny[3]` is not a string; ignored"]
    );
}

#[test]
fn extracted_patterns() {
    let a = settings();
    let got: Vec<(RuleAction, &str)> = a
        .extracted
        .iter()
        .map(|e| (e.action, e.pattern.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (RuleAction::Deny, "WebFetch(domain:pastebin.com)"),
            (RuleAction::Deny, "mcp__slack__post_message"),
            (RuleAction::Deny, "Bash(rm -rf * --no-preserve-root)"),
            (RuleAction::Deny, "Bash(curl * | sh)"),
            (RuleAction::Ask, "Bash(terraform apply:*)"),
            (RuleAction::Ask, "Bash(kubectl delete namespace:*)"),
            (RuleAction::Allow, "Bash(make lint)"),
            (RuleAction::Allow, "mcp__linear__list_issues"),
        ]
    );
}

#[test]
fn prose_recognition_rows() {
    let rows: &[(&str, &[&str])] = &[
        ("Never run `npm publish`", &["Bash(npm publish:*)"]),
        ("Never run `sudo`", &[]),
        ("Do not touch `.env`", &[]),
        ("Do not edit `infra/prod/main.tf`", &[]),
        ("No `./deploy.sh prod` please", &[]),
        ("Block Edit(~/.ssh/**) always", &["Edit(~/.ssh/**)"]),
        ("Block MyBash(x) and xBash(y)", &[]),
        ("Unbalanced Bash(git push", &[]),
        (
            "Ask for Agent(general-purpose)",
            &["Agent(general-purpose)"],
        ),
        ("WebSearch(x) is opaque", &[]),
        ("unterminated `git push --force", &[]),
        (
            "`git push --force` and `git push --force`",
            &["Bash(git push --force:*)"],
        ),
        ("mcp__github__* tools are shared", &["mcp__github__*"]),
    ];
    for (text, expected) in rows {
        let got: Vec<String> = extract_from_prose(text)
            .iter()
            .map(|p| p.as_str().to_string())
            .collect();
        assert_eq!(&got, expected, "{text}");
    }
    assert!(extract_whole("Bash(npm test) and more").is_none());
    assert!(extract_whole("  Bash(npm test) ").is_some());
    assert!(extract_whole("`npm test`").is_none());
}

#[test]
fn merged_with_claude_settings() {
    let mut claude = settings();
    claude.classify_all_shell = false;
    let config = Config {
        claude,
        environment: vec!["Trusted hosts: build-1".to_string()],
        ..Config::default()
    };
    let eff = EffectiveConfig::from_user(&config);
    assert_eq!(eff.environment.len(), 3);
    let cwd = Path::new("/p");
    let home = Path::new("/h");
    let m = eff
        .user_rule(
            "Bash",
            &json!({ "command": "terraform apply -auto-approve" }),
            cwd,
            home,
        )
        .expect("ask");
    assert_eq!(
        (m.action, m.source),
        (RuleAction::Ask, RuleSource::ClaudeSettings)
    );
    let m = eff
        .user_rule("Bash", &json!({ "command": "make lint" }), cwd, home)
        .expect("allow");
    assert_eq!(m.action, RuleAction::Allow);
    // Prose in allow texts never approves anything.
    assert!(
        eff.user_rule("Bash", &json!({ "command": "terraform apply" }), cwd, home)
            .is_some_and(|m| m.action == RuleAction::Ask)
    );
    assert!(
        eff.user_rule(
            "Bash",
            &json!({ "command": "kubectl apply -n staging" }),
            cwd,
            home
        )
        .is_none()
    );
    let m = eff
        .user_rule(
            "mcp__slack__post_message",
            &json!({ "text": "hi" }),
            cwd,
            home,
        )
        .expect("deny");
    assert_eq!(m.action, RuleAction::Deny);
    // `classifyAllShell: true` suspends every shell allow rule; others still apply.
    let eff = EffectiveConfig::from_user(&Config {
        claude: settings(),
        ..Config::default()
    });
    assert!(
        eff.user_rule("Bash", &json!({ "command": "make lint" }), cwd, home)
            .is_none()
    );
    assert!(
        eff.user_rule("mcp__linear__list_issues", &json!({}), cwd, home)
            .is_some_and(|m| m.action == RuleAction::Allow)
    );
}

#[test]
fn settings_errors_and_absence() {
    assert!(matches!(
        ClaudeAutoMode::from_settings_json("{"),
        Err(ConfigError::Json(_))
    ));
    assert_eq!(
        ClaudeAutoMode::from_settings_json("{}").expect("json"),
        ClaudeAutoMode::default()
    );
    let odd =
        ClaudeAutoMode::from_settings_json(r#"{"autoMode": {"allow": "x", "hard_deny": [null]}}"#)
            .expect("json");
    assert_eq!(odd.warnings.len(), 2);
    let odd = ClaudeAutoMode::from_settings_json(r#"{"autoMode": 3}"#).expect("json");
    assert_eq!(odd.warnings.len(), 1);

    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("settings.json");
    assert_eq!(
        ClaudeAutoMode::load(&missing).expect("missing"),
        ClaudeAutoMode::default()
    );
    std::fs::write(&missing, "not json").expect("write");
    assert!(matches!(
        ClaudeAutoMode::load(&missing),
        Err(ConfigError::Settings { .. })
    ));
    std::fs::write(&missing, include_str!("data/claude_settings.json")).expect("write");
    let config =
        load_user_from(Some(&dir.path().join("config.toml")), Some(&missing)).expect("load");
    assert_eq!(config.claude.environment_lines().len(), 2);
}

#[test]
fn config_paths() {
    let home = Path::new("/home/dev");
    let os = |s: &'static str| Some(OsStr::new(s));
    assert_eq!(
        user_config_path(os("/etc/belay.toml"), os("/x"), Some(home)),
        Some(PathBuf::from("/etc/belay.toml"))
    );
    assert_eq!(
        user_config_path(None, os("/x/cfg"), Some(home)),
        Some(PathBuf::from("/x/cfg/belay/config.toml"))
    );
    assert_eq!(
        user_config_path(os(""), os("relative"), Some(home)),
        Some(PathBuf::from("/home/dev/.config/belay/config.toml"))
    );
    assert_eq!(user_config_path(None, None, None), None);
    assert_eq!(
        claude_settings_path(os("/c"), Some(home)),
        Some(PathBuf::from("/c/settings.json"))
    );
    assert_eq!(
        claude_settings_path(None, Some(home)),
        Some(PathBuf::from("/home/dev/.claude/settings.json"))
    );
    assert_eq!(claude_settings_path(None, Some(Path::new(""))), None);
    assert_eq!(
        project_config_path(Path::new("/srv/proj")),
        PathBuf::from("/srv/proj/.belay.toml")
    );
}

#[test]
fn combine_never_weakens_hard_policy() {
    use belay_action::Decision;
    use belay_config::RuleMatch;
    let m = |action, source| RuleMatch {
        action,
        pattern: "x".into(),
        source,
    };
    let allow_user = m(RuleAction::Allow, RuleSource::User);
    assert_eq!(allow_user.combine(Decision::Deny, true), Decision::Deny);
    assert_eq!(allow_user.combine(Decision::Ask, false), Decision::Allow);
    let allow_project = m(RuleAction::Allow, RuleSource::Project);
    assert_eq!(allow_project.combine(Decision::Ask, false), Decision::Ask);
    let ask = m(RuleAction::Ask, RuleSource::Project);
    assert_eq!(ask.combine(Decision::Deny, false), Decision::Deny);
    assert_eq!(ask.combine(Decision::Allow, false), Decision::Ask);
    let deny = m(RuleAction::Deny, RuleSource::ClaudeSettings);
    assert_eq!(deny.combine(Decision::Allow, false), Decision::Deny);
}
