//! The risky-rule classifier and the doctor's report.

use std::fs;

use belay_install::{Level, classify_allow_rule, doctor_claude_code, install_claude_code};

#[test]
fn risky_allow_rules() {
    use Level::*;
    let table: &[(&str, Option<Level>)] = &[
        // Any command.
        ("Bash", Some(Critical)),
        ("Bash()", Some(Critical)),
        ("Bash(*)", Some(Critical)),
        ("Bash(:*)", Some(Critical)),
        ("PowerShell", Some(Critical)),
        // Interpreters with wildcards.
        ("Bash(python:*)", Some(Critical)),
        ("Bash(python3 *)", Some(Critical)),
        ("Bash(python3.12:*)", Some(Critical)),
        ("Bash(/usr/bin/python3:*)", Some(Critical)),
        ("Bash(python -c:*)", Some(Critical)),
        ("Bash(python3 -m *)", Some(Critical)),
        ("Bash(node:*)", Some(Critical)),
        ("Bash(node -e *)", Some(Critical)),
        ("Bash(bash:*)", Some(Critical)),
        ("Bash(sh:*)", Some(Critical)),
        ("Bash(zsh -c:*)", Some(Critical)),
        ("Bash(perl:*)", Some(Critical)),
        ("Bash(ruby:*)", Some(Critical)),
        ("Bash(php:*)", Some(Critical)),
        ("Bash(deno:*)", Some(Critical)),
        ("Bash(deno run:*)", Some(Critical)),
        ("Bash(bun:*)", Some(Critical)),
        ("Bash(awk:*)", Some(Critical)),
        // Package runners.
        ("Bash(npx:*)", Some(Critical)),
        ("Bash(npx *)", Some(Critical)),
        ("Bash(npm exec:*)", Some(Critical)),
        ("Bash(npm run:*)", Some(High)),
        ("Bash(npm run *)", Some(High)),
        ("Bash(npm:*)", Some(Critical)),
        ("Bash(uvx:*)", Some(Critical)),
        ("Bash(uv run:*)", Some(Critical)),
        ("Bash(pnpm dlx:*)", Some(Critical)),
        ("Bash(yarn dlx:*)", Some(Critical)),
        ("Bash(bunx:*)", Some(Critical)),
        ("Bash(pipx run:*)", Some(Critical)),
        ("Bash(poetry run:*)", Some(Critical)),
        ("Bash(go run:*)", Some(Critical)),
        ("Bash(make:*)", Some(High)),
        ("Bash(make *)", Some(High)),
        ("Bash(cargo run:*)", Some(High)),
        ("Bash(just:*)", Some(High)),
        ("Bash(npm install:*)", Some(Warning)),
        // Shell escapes, privilege, remote.
        ("Bash(eval:*)", Some(Critical)),
        ("Bash(sudo:*)", Some(Critical)),
        ("Bash(sudo -u deploy:*)", Some(Critical)),
        ("Bash(sudo python3:*)", Some(Critical)),
        ("Bash(sudo apt install:*)", Some(Warning)),
        ("Bash(env:*)", Some(Critical)),
        ("Bash(env python:*)", Some(Critical)),
        ("Bash(xargs:*)", Some(Critical)),
        ("Bash(timeout 30 node:*)", Some(Critical)),
        ("Bash(timeout:*)", Some(Critical)),
        ("Bash(env FOO=1 bash:*)", Some(Critical)),
        ("Bash(xargs -n 1 rm:*)", Some(Warning)),
        ("Bash(nice -n 10 cargo test:*)", None),
        ("Bash(ssh:*)", Some(Critical)),
        ("Bash(ssh *)", Some(Critical)),
        ("Bash(docker run:*)", Some(Critical)),
        ("Bash(docker exec:*)", Some(Critical)),
        ("Bash(docker:*)", Some(Critical)),
        ("Bash(kubectl exec:*)", Some(Critical)),
        ("Bash(kubectl:*)", Some(Critical)),
        ("Bash(git:*)", Some(High)),
        ("Bash(find:*)", Some(High)),
        ("Bash(curl:*)", Some(Warning)),
        ("Bash(rm:*)", Some(Warning)),
        // Narrow or harmless rules.
        ("Bash(npm test:*)", None),
        ("Bash(npm run test:*)", None),
        ("Bash(npm run lint)", None),
        ("Bash(cargo test:*)", None),
        ("Bash(cargo build *)", None),
        ("Bash(git status:*)", None),
        ("Bash(git diff *)", None),
        ("Bash(ls:*)", None),
        ("Bash(python manage.py test:*)", None),
        ("Bash(python -m pytest:*)", None),
        ("Bash(docker ps:*)", None),
        ("Bash(kubectl get:*)", None),
        ("Bash(python3)", None),
        ("Read(~/.zshrc)", None),
        ("Edit", None),
        ("WebFetch(domain:example.com)", None),
        ("mcp__github", None),
    ];
    let mut failures = Vec::new();
    for (rule, expected) in table {
        let got = classify_allow_rule(rule);
        if got.as_ref().map(|r| r.level) != *expected {
            failures.push(format!("{rule}: expected {expected:?}, got {got:?}"));
        }
        if let Some(r) = got {
            assert!(!r.explanation.is_empty() && !r.explanation.contains('\n'));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn doctor_on_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let findings = doctor_claude_code(&dir.path().join("settings.json"));
    assert_eq!(findings[0].code, "settings-missing");
    assert_eq!(
        findings.iter().filter(|f| f.code == "hook-missing").count(),
        4
    );
}

#[test]
fn doctor_on_an_unparsable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    fs::write(&path, "{ nope").unwrap();
    let findings = doctor_claude_code(&path);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].level, Level::Critical);
    assert_eq!(findings[0].code, "settings-unparsable");
    assert!(findings[0].message.contains("line 1"), "{:?}", findings[0]);
}

#[test]
fn doctor_after_install_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    // A real, existing program, so the hook-program check passes.
    let exe = std::env::current_exe().unwrap();
    install_claude_code(&path, exe.to_str().unwrap()).unwrap();
    let findings = doctor_claude_code(&path);
    assert_eq!(findings.len(), 4, "{findings:#?}");
    assert!(
        findings
            .iter()
            .all(|f| f.level == Level::Ok && f.code == "hook-installed")
    );
}

#[test]
fn doctor_flags_risky_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    fs::write(
        &path,
        r#"{
          "disableAllHooks": true,
          "permissions": {
            "defaultMode": "bypassPermissions",
            "allow": ["Bash(npm test:*)", "Bash(python3:*)", "Bash(make:*)", 42]
          },
          "hooks": {
            "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "belay hook claude-code"}]}],
            "PostToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "/nonexistent/belay hook claude-code"}]}]
          }
        }"#,
    )
    .unwrap();
    let findings = doctor_claude_code(&path);
    let has = |code: &str, subject: &str, level: Level| {
        findings
            .iter()
            .any(|f| f.code == code && f.subject == subject && f.level == level)
    };
    assert!(
        has("hook-narrow-matcher", "PreToolUse", Level::High),
        "{findings:#?}"
    );
    assert!(has("hook-installed", "PostToolUse", Level::Ok));
    assert!(has("hook-program-missing", "PostToolUse", Level::Critical));
    assert!(has("hook-missing", "UserPromptSubmit", Level::Warning));
    assert!(has("hook-missing", "SessionStart", Level::Warning));
    assert!(has("hooks-disabled", "disableAllHooks", Level::Critical));
    assert!(has(
        "bypass-permissions",
        "permissions.defaultMode",
        Level::High
    ));
    assert!(has("risky-allow-rule", "Bash(python3:*)", Level::Critical));
    assert!(has("risky-allow-rule", "Bash(make:*)", Level::High));
    assert!(!findings.iter().any(|f| f.subject == "Bash(npm test:*)"));
}
