//! `belay config check`: rendered diagnostics, snapshot-tested.

use belay_action::Severity;
use belay_config::diagnostic::render;
use belay_config::{Config, check, check_str};

fn rendered(text: &str) -> String {
    match check_str("config.toml", text) {
        Ok(config) => format!("ok\n{}", render(&config.warnings)),
        Err(diagnostics) => render(&diagnostics),
    }
}

#[test]
fn unknown_key_in_rules() {
    let text = include_str!("data/unknown_key.toml");
    insta::assert_snapshot!(rendered(text));
}

#[test]
fn unknown_section() {
    insta::assert_snapshot!(rendered("[rulez]\ndeny = []\n"));
}

#[test]
fn wrong_types() {
    insta::assert_snapshot!(rendered(include_str!("data/wrong_types.toml")));
}

#[test]
fn invalid_patterns_and_severities() {
    insta::assert_snapshot!(rendered(include_str!("data/bad_rules.toml")));
}

#[test]
fn warnings_only() {
    insta::assert_snapshot!(rendered(include_str!("data/warnings.toml")));
}

#[test]
fn syntax_error() {
    insta::assert_snapshot!(rendered("[rules]\ndeny = [\"Bash\"\n"));
}

#[test]
fn bad_model_and_limits() {
    insta::assert_snapshot!(rendered(include_str!("data/bad_model.toml")));
}

#[test]
fn full_config_parses() {
    let config = check_str("config.toml", include_str!("data/full.toml")).expect("valid");
    assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    assert_eq!(
        config.environment,
        [
            "Our CI deploys from github.com/acme-corp only",
            "Trusted source-control orgs: acme-corp, acme-labs",
            "Trusted repositories: acme-corp/api",
            "Trusted internal domains: acme.dev, acme.internal",
            "Trusted cloud buckets: s3://acme-artifacts",
            "Trusted hosts: build-1.acme.internal",
            "Trusted databases: staging-db.acme.internal",
            "Trusted cluster contexts: staging-eu",
            "Production targets: prod-eu, prod-db.acme.internal",
        ]
    );
    assert_eq!(config.rules.deny.len(), 2);
    assert_eq!(config.rules.ask.len(), 1);
    assert_eq!(config.rules.allow.len(), 2);
    assert_eq!(config.protected.len(), 1);
    assert_eq!(config.severity.get("git.force-push"), Some(&Severity::Hard));
    assert_eq!(config.severity.get("prod.publish"), Some(&Severity::Soft));
    assert_eq!(config.limits.consecutive_denials, 5);
    assert_eq!(config.limits.total_denials, 30);
    let model = config.model.expect("model");
    assert_eq!(model.provider.as_deref(), Some("anthropic"));
    assert_eq!(model.api_key_env.as_deref(), Some("ANTHROPIC_API_KEY"));
    assert_eq!(model.timeout_ms, Some(8000));
}

#[test]
fn environment_lines_are_understood_by_the_policy() {
    let config = check_str("config.toml", include_str!("data/full.toml")).expect("valid");
    let trust = belay_policy::trust::Trust::from_environment(&config.environment);
    assert!(trust.trusted_destination("https://github.com/acme-corp/web.git"));
    assert!(trust.trusted_destination("https://api.acme.dev/upload"));
    assert!(trust.trusted_destination("s3://acme-artifacts/x"));
    assert!(!trust.trusted_destination("https://evil.example/x"));
    assert!(trust.is_production("kubectl --context prod-eu apply"));
    assert!(!trust.is_production("kubectl --context staging-eu apply"));
}

#[test]
fn empty_file_is_default() {
    let config = check_str("config.toml", "").expect("valid");
    assert_eq!(config, Config::default());
}

#[test]
fn check_reads_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[limits]\ntotal_denials = 0\n").expect("write");
    let err = check(&path).expect_err("invalid");
    assert_eq!(
        render(&err),
        "config.toml:2:17: `total_denials` must be between 1 and 1000, not 0\n"
    );
    let missing = check(&dir.path().join("nope.toml")).expect_err("missing");
    assert!(missing[0].message.starts_with("cannot read"));
    // A missing file is the default for loading, not an error.
    assert_eq!(
        belay_config::load_user_config(&dir.path().join("nope.toml")).expect("default"),
        Config::default()
    );
}

#[test]
fn no_panics_on_garbage() {
    let garbage = [
        "\u{0}",
        "[",
        "[[rules]]\ndeny=1",
        "rules = 5",
        "severity = []",
        "[severity]\n\"\" = \"\"",
        "[limits]\ntotal_denials = 99999999999999999999",
        "[limits]\ntotal_denials = -1",
        "[model]\ntimeout_ms = 1.5",
        "[environment]\nlines = [[]]",
        "[rules]\ndeny = [\"\u{fffd}(\"]",
        "a.b.c = 1",
        "[rules.deny]\nx = 1",
    ];
    for g in garbage {
        let _ = check_str("config.toml", g);
        let _ = belay_config::parse_project(".belay.toml", g);
    }
}

/// The `toml` blocks of the README whose first line names the file.
fn readme_block(first_line: &str) -> String {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find(&format!("```toml\n{first_line}\n"))
        .unwrap_or_else(|| panic!("no README block starting with {first_line}"));
    let body = &readme[start + "```toml\n".len()..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn the_readme_examples_are_valid() {
    let user = readme_block("# ~/.config/belay/config.toml");
    let config = check_str("config.toml", &user).unwrap_or_else(|d| panic!("{}", render(&d)));
    assert!(config.warnings.is_empty(), "{}", render(&config.warnings));
    assert_eq!(config.severity.len(), 2);
    let project = readme_block("# .belay.toml");
    let (project, rejected) = belay_config::parse_project(".belay.toml", &project);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert!(project.warnings.is_empty(), "{:?}", project.warnings);
    assert_eq!(project.deny.len() + project.ask.len(), 2);
}
