//! Table tests for the rule syntax: pattern, tool, input, expected match.

use belay_config::pattern::{Pattern, PatternError, split_commands, strip_assignments};
use belay_config::{Config, EffectiveConfig, RuleAction, RuleSet};
use serde_json::{Value, json};
use std::path::Path;

const CWD: &str = "/srv/proj";
const HOME: &str = "/home/dev";

fn bash(cmd: &str) -> (&'static str, Value) {
    ("Bash", json!({ "command": cmd }))
}

fn file(tool: &'static str, path: &str) -> (&'static str, Value) {
    (tool, json!({ "file_path": path }))
}

fn fetch(url: &str) -> (&'static str, Value) {
    ("WebFetch", json!({ "url": url }))
}

/// Rows: (pattern, tool, input, expected) — the pattern alone, through `Pattern::matches`
/// (whole command for shell tools).
#[test]
fn pattern_table() {
    let rows: Vec<(&str, (&str, Value), bool)> = vec![
        // Bare tool names.
        ("Bash", bash("anything at all"), true),
        ("Bash", file("Write", "/srv/proj/a"), false),
        ("Write", file("Write", "/srv/proj/a"), true),
        ("Edit", file("MultiEdit", "/srv/proj/a"), true),
        ("Read", ("Grep", json!({ "pattern": "x" })), true),
        ("WebFetch", fetch("https://a.example/"), true),
        // Exact commands.
        ("Bash(npm test)", bash("npm test"), true),
        ("Bash(npm test)", bash("  npm   test "), true),
        ("Bash(npm test)", bash("npm test --watch"), false),
        ("Bash(npm test)", bash("npm testing"), false),
        (
            "PowerShell(Get-ChildItem)",
            ("PowerShell", json!({ "command": "Get-ChildItem" })),
            true,
        ),
        (
            "Bash(Get-ChildItem)",
            ("PowerShell", json!({ "command": "Get-ChildItem" })),
            false,
        ),
        // Prefix with :*.
        ("Bash(git push:*)", bash("git push"), true),
        (
            "Bash(git push:*)",
            bash("git push --force origin main"),
            true,
        ),
        ("Bash(git push:*)", bash("git pushx"), false),
        ("Bash(git push:*)", bash("git pull"), false),
        ("Bash(git push:*)", bash("echo git push"), false),
        // Trailing " *" is the same as :*.
        ("Bash(git push *)", bash("git push"), true),
        ("Bash(git push *)", bash("git push origin"), true),
        // Glob-ish *.
        ("Bash(rm -rf *)", bash("rm -rf /tmp/x"), true),
        ("Bash(rm -rf *)", bash("rm -r x"), false),
        ("Bash(*--force*)", bash("git push --force origin"), true),
        ("Bash(*--force*)", bash("git push origin"), false),
        ("Bash(ls*)", bash("lsof -i"), true),
        ("Bash(ls *)", bash("lsof -i"), false),
        (
            "Bash(docker * --privileged*)",
            bash("docker run --privileged img"),
            true,
        ),
        // Path globs, project-relative.
        (
            "Write(./src/**)",
            file("Write", "/srv/proj/src/main.rs"),
            true,
        ),
        ("Write(./src/**)", file("Write", "src/lib/deep.rs"), true),
        (
            "Write(./src/**)",
            file("Write", "/srv/proj/tests/a.rs"),
            false,
        ),
        (
            "Write(./src/**)",
            file("Read", "/srv/proj/src/main.rs"),
            false,
        ),
        ("Edit(./src/*.rs)", file("Edit", "/srv/proj/src/a.rs"), true),
        (
            "Edit(./src/*.rs)",
            file("Edit", "/srv/proj/src/sub/a.rs"),
            false,
        ),
        (
            "Edit(src/**)",
            file("NotebookEdit", "/srv/proj/src/a.ipynb"),
            false,
        ),
        (
            "Edit(src/**)",
            ("NotebookEdit", json!({ "notebook_path": "src/a.ipynb" })),
            true,
        ),
        ("Read(//etc)", file("Read", "/etc/ssh/sshd_config"), true),
        (
            "Write(./src/**)",
            file("Write", "/srv/proj/src/../secrets/a"),
            false,
        ),
        // Gitignore-style bare names match at any depth.
        ("Read(.env)", file("Read", "/srv/proj/.env"), true),
        ("Read(.env)", file("Read", "/srv/proj/config/.env"), true),
        ("Read(.env)", file("Read", "/other/.env"), false),
        (
            "Read(*.pem)",
            file("Read", "/srv/proj/certs/server.pem"),
            true,
        ),
        // Home and absolute.
        (
            "Edit(~/.ssh/**)",
            file("Edit", "/home/dev/.ssh/authorized_keys"),
            true,
        ),
        ("Edit(~/.ssh/**)", file("Write", "~/.ssh/config"), true),
        ("Edit(~/.ssh)", file("Write", "/home/dev/.ssh/id_rsa"), true),
        ("Edit(~/.ssh/**)", file("Edit", "/srv/proj/.ssh/x"), false),
        (
            "Read(~/.aws/**)",
            file("Read", "$HOME/.aws/credentials"),
            true,
        ),
        ("Read(//etc/**)", file("Read", "/etc/passwd"), true),
        (
            "Read(//etc/**)",
            file("Read", "/srv/proj/etc/passwd"),
            false,
        ),
        ("Read(/etc/**)", file("Read", "/srv/proj/etc/passwd"), true),
        (
            "Read(//etc/**)",
            ("Grep", json!({ "pattern": "root", "path": "/etc" })),
            true,
        ),
        // WebFetch domains.
        (
            "WebFetch(domain:example.com)",
            fetch("https://example.com/a"),
            true,
        ),
        (
            "WebFetch(domain:example.com)",
            fetch("https://EXAMPLE.com:8443/a"),
            true,
        ),
        (
            "WebFetch(domain:example.com)",
            fetch("https://docs.example.com/a"),
            false,
        ),
        (
            "WebFetch(domain:example.com)",
            fetch("https://example.com.evil.io/a"),
            false,
        ),
        (
            "WebFetch(domain:example.com)",
            fetch("https://user@example.com/"),
            true,
        ),
        (
            "WebFetch(domain:*.example.com)",
            fetch("https://docs.example.com/a"),
            true,
        ),
        (
            "WebFetch(domain:*.example.com)",
            fetch("https://example.com/a"),
            false,
        ),
        (
            "WebFetch(domain:*.example.com)",
            fetch("https://badexample.com/a"),
            false,
        ),
        // MCP.
        (
            "mcp__slack__post_message",
            ("mcp__slack__post_message", json!({})),
            true,
        ),
        (
            "mcp__slack__post_message",
            ("mcp__slack__list", json!({})),
            false,
        ),
        ("mcp__slack__*", ("mcp__slack__list", json!({})), true),
        ("mcp__slack__*", ("mcp__slackbot__list", json!({})), false),
        ("mcp__slack", ("mcp__slack__list", json!({})), true),
        ("mcp__slack", ("mcp__slackbot__list", json!({})), false),
        // Agents.
        (
            "Agent(Explore)",
            ("Task", json!({ "subagent_type": "Explore" })),
            true,
        ),
        (
            "Agent(Explore)",
            ("Agent", json!({ "subagent_type": "general" })),
            false,
        ),
        ("Task", ("Agent", json!({ "prompt": "x" })), true),
        // Opaque specifiers never match.
        (
            "WebSearch(rust)",
            ("WebSearch", json!({ "query": "rust" })),
            false,
        ),
        // Missing or odd inputs.
        ("Bash(npm test)", ("Bash", json!({})), false),
        (
            "Write(./src/**)",
            ("Write", json!({ "file_path": 7 })),
            false,
        ),
        (
            "WebFetch(domain:example.com)",
            ("WebFetch", json!(null)),
            false,
        ),
    ];
    assert!(rows.len() >= 40);
    let mut failures = Vec::new();
    for (pattern, (tool, input), expected) in &rows {
        let p = Pattern::parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        let got = p.matches(tool, input, Path::new(CWD), Path::new(HOME));
        if got != *expected {
            failures.push(format!(
                "{pattern} on {tool} {input}: expected {expected}, got {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rows through the full matcher: compound lines, assignments, allow strictness.
#[test]
fn compound_table() {
    let rows: Vec<(&str, RuleAction, &str, Option<RuleAction>)> = vec![
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "git status && git push --force",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "git status; git push",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "false || git push",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "make & git push",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "GIT_TRACE=1 git push",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "echo 'a; git push'",
            None,
        ),
        (
            "Bash(git push:*)",
            RuleAction::Deny,
            "cat x | git push",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(rm -rf *)",
            RuleAction::Ask,
            "cd build && rm -rf out",
            Some(RuleAction::Ask),
        ),
        (
            "Bash(npm test)",
            RuleAction::Allow,
            "npm test",
            Some(RuleAction::Allow),
        ),
        (
            "Bash(npm test)",
            RuleAction::Allow,
            "npm test && curl x | sh",
            None,
        ),
        (
            "Bash(npm test)",
            RuleAction::Allow,
            "npm test $(curl x)",
            None,
        ),
        ("Bash(npm test)", RuleAction::Allow, "FOO=1 npm test", None),
        ("Bash(echo:*)", RuleAction::Allow, "echo \"$(id)\"", None),
        (
            "Bash(echo:*)",
            RuleAction::Allow,
            "echo 'unterminated",
            None,
        ),
        (
            "Bash(echo:*)",
            RuleAction::Allow,
            "echo a 2>&1",
            Some(RuleAction::Allow),
        ),
        (
            "Bash(rm -rf *)",
            RuleAction::Deny,
            "sudo rm -rf /srv/data",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(rm -rf *)",
            RuleAction::Deny,
            "nohup env X=1 rm -rf a",
            Some(RuleAction::Deny),
        ),
        (
            "Bash(rm -rf *)",
            RuleAction::Deny,
            "sudo -u bob rm -rf a",
            None,
        ),
        ("Bash(npm test)", RuleAction::Allow, "sudo npm test", None),
        // Broad allow rules are suspended (spec §1.4).
        ("Bash", RuleAction::Allow, "echo $(id)", None),
        ("Bash(*)", RuleAction::Allow, "ls", None),
        ("Bash(python*)", RuleAction::Allow, "python -c 1", None),
        ("Bash(npm run:*)", RuleAction::Allow, "npm run build", None),
        (
            "Bash(python -m pytest:*)",
            RuleAction::Allow,
            "python -m pytest -x",
            Some(RuleAction::Allow),
        ),
        (
            "Bash",
            RuleAction::Deny,
            "echo $(id)",
            Some(RuleAction::Deny),
        ),
    ];
    let mut failures = Vec::new();
    for (pattern, action, command, expected) in &rows {
        let p = Pattern::parse(pattern).expect("valid pattern");
        let mut rules = RuleSet::default();
        match action {
            RuleAction::Deny => rules.deny.push(p),
            RuleAction::Ask => rules.ask.push(p),
            RuleAction::Allow => rules.allow.push(p),
        }
        let config = Config {
            rules,
            ..Config::default()
        };
        let eff = EffectiveConfig::from_user(&config);
        let got = eff
            .user_rule(
                "Bash",
                &json!({ "command": command }),
                Path::new(CWD),
                Path::new(HOME),
            )
            .map(|m| m.action);
        if got != *expected {
            failures.push(format!(
                "{pattern} on `{command}`: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Commands belay-shell finds inside the line are tried by deny/ask rules, never by allow rules.
#[test]
fn extra_commands_from_the_shell_parser() {
    let config = Config {
        rules: RuleSet {
            deny: vec![Pattern::parse("Bash(git push:*)").expect("valid")],
            allow: vec![Pattern::parse("Bash(ssh build-1:*)").expect("valid")],
            ..RuleSet::default()
        },
        ..Config::default()
    };
    let eff = EffectiveConfig::from_user(&config);
    let input = json!({ "command": "ssh build-1 'git push --force'" });
    let (cwd, home) = (Path::new(CWD), Path::new(HOME));
    // Alone, the quoted inner command is invisible to the splitter.
    assert_eq!(
        eff.user_rule("Bash", &input, cwd, home).map(|m| m.action),
        Some(RuleAction::Allow)
    );
    let inner = vec!["git push --force".to_string()];
    assert_eq!(
        eff.user_rule_with_commands("Bash", &input, cwd, home, &inner)
            .map(|m| m.action),
        Some(RuleAction::Deny)
    );
}

/// A symlink inside the project pointing at `~/.ssh`: deny rules see through it, allow rules
/// do not approve it.
#[cfg(unix)]
#[test]
fn symlinks_are_resolved() {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    let proj = root.path().join("proj");
    std::fs::create_dir_all(home.join(".ssh")).expect("mkdir");
    std::fs::create_dir_all(proj.join("src")).expect("mkdir");
    std::os::unix::fs::symlink(home.join(".ssh"), proj.join("src/keys")).expect("symlink");
    let config = Config {
        rules: RuleSet {
            deny: vec![Pattern::parse("Edit(~/.ssh/**)").expect("valid")],
            allow: vec![Pattern::parse("Write(./src/**)").expect("valid")],
            ..RuleSet::default()
        },
        ..Config::default()
    };
    let eff = EffectiveConfig::from_user(&config);
    let via_link = json!({ "file_path": "src/keys/authorized_keys" });
    assert_eq!(
        eff.user_rule("Write", &via_link, &proj, &home)
            .map(|m| m.action),
        Some(RuleAction::Deny)
    );
    let allow_only = EffectiveConfig::from_user(&Config {
        rules: RuleSet {
            allow: vec![Pattern::parse("Write(./src/**)").expect("valid")],
            ..RuleSet::default()
        },
        ..Config::default()
    });
    assert_eq!(allow_only.user_rule("Write", &via_link, &proj, &home), None);
    let plain = json!({ "file_path": "src/new/file.rs" });
    assert_eq!(
        allow_only
            .user_rule("Write", &plain, &proj, &home)
            .map(|m| m.action),
        Some(RuleAction::Allow)
    );
}

/// Every short string over a hostile alphabet, as pattern and as input: no panics.
#[test]
fn exhaustive_short_strings_do_not_panic() {
    let alphabet = [
        '(', ')', '*', ':', '~', '/', ' ', 'B', '.', '`', '\'', '&', '|', 'é',
    ];
    let mut strings = vec![String::new()];
    let mut frontier = vec![String::new()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for s in &frontier {
            for c in alphabet {
                let mut t = s.clone();
                t.push(c);
                next.push(t);
            }
        }
        strings.extend(next.iter().cloned());
        frontier = next;
    }
    let (cwd, home) = (Path::new(CWD), Path::new(HOME));
    for s in &strings {
        for text in [
            s.clone(),
            format!("Bash({s})"),
            format!("Edit({s})"),
            format!("WebFetch(domain:{s})"),
        ] {
            if let Ok(p) = Pattern::parse(&text) {
                let _ = p.is_broad_allow();
                let _ = p.matches("Bash", &json!({ "command": s }), cwd, home);
                let _ = p.matches("Edit", &json!({ "file_path": s }), cwd, home);
                let _ = p.matches("WebFetch", &json!({ "url": s }), cwd, home);
            }
        }
        let _ = split_commands(s);
        let _ = belay_config::pattern::strip_wrappers(s);
        let _ = belay_config::claude::extract_from_prose(s);
    }
}

#[test]
fn broad_allow_rows() {
    let rows: &[(&str, bool)] = &[
        ("Bash", true),
        ("PowerShell", true),
        ("Agent", true),
        ("Bash(*)", true),
        ("Bash(:*)", true),
        ("Bash(python*)", true),
        ("Bash(python3:*)", true),
        ("Bash(bash:*)", true),
        ("Bash(sh *)", true),
        ("Bash(/usr/bin/python3 *)", true),
        ("Bash(npm run:*)", true),
        ("Bash(npm:*)", true),
        ("Bash(npx *)", true),
        ("Bash(uv run *)", true),
        ("Bash(npm test)", false),
        ("Bash(npm run test)", false),
        ("Bash(npm run test:*)", false),
        ("Bash(python -m pytest:*)", false),
        ("Bash(bash -c:*)", true),
        ("Bash(python3 -c *)", true),
        ("Bash(node -e:*)", true),
        ("Bash(ssh build-1:*)", false),
        ("Bash(git status:*)", false),
        ("Bash(ls *)", false),
        ("Read", false),
        ("Edit(./src/**)", false),
        ("WebFetch(domain:docs.rs)", false),
        ("mcp__github__*", false),
    ];
    for (text, broad) in rows {
        let p = Pattern::parse(text).expect("valid");
        assert_eq!(p.is_broad_allow(), *broad, "{text}");
    }
    // The user may opt in.
    let config = Config {
        rules: RuleSet {
            allow: vec![Pattern::parse("Bash").expect("valid")],
            ..RuleSet::default()
        },
        ..Config::default()
    };
    let mut eff = EffectiveConfig::from_user(&config);
    let input = json!({ "command": "make" });
    assert!(
        eff.user_rule("Bash", &input, Path::new(CWD), Path::new(HOME))
            .is_none()
    );
    eff.honour_broad_allows = true;
    assert!(
        eff.user_rule("Bash", &input, Path::new(CWD), Path::new(HOME))
            .is_some()
    );
}

#[test]
fn invalid_patterns() {
    let rows: Vec<(&str, PatternError)> = vec![
        ("", PatternError::Empty),
        (
            "Bash(git push",
            PatternError::Unbalanced("Bash(git push".into()),
        ),
        ("Bash(a))", PatternError::Unbalanced("Bash(a))".into())),
        ("Bash)", PatternError::Unbalanced("Bash)".into())),
        (
            "Bash()",
            PatternError::EmptySpec("Bash()".into(), "Bash".into()),
        ),
        ("Ba sh", PatternError::BadTool("Ba sh".into())),
        ("*", PatternError::BadTool("*".into())),
        (
            "WebFetch(example.com)",
            PatternError::WebFetchSpec("example.com".into()),
        ),
        ("mcp__x__y(z)", PatternError::McpSpec("mcp__x__y(z)".into())),
        (
            "Edit(../other/**)",
            PatternError::ParentDir("Edit(../other/**)".into()),
        ),
    ];
    for (text, expected) in rows {
        assert_eq!(Pattern::parse(text).err(), Some(expected), "{text}");
    }
    assert!(matches!(
        Pattern::parse("Edit(src/[a)"),
        Err(PatternError::Glob(..))
    ));
    // Balanced parentheses inside the specifier are fine.
    assert!(Pattern::parse("Bash(echo $(date))").is_ok());
}

#[test]
fn splitting() {
    let s = split_commands("a && b || c; d | e & f\ng");
    assert_eq!(s.parts, ["a", "b", "c", "d", "e", "f", "g"]);
    assert!(s.confident);
    let s = split_commands("echo 'x && y' \"z; w\"");
    assert_eq!(s.parts.len(), 1);
    assert!(s.confident);
    for unsure in [
        "echo $(id)",
        "echo `id`",
        "(cd x)",
        "cat <<EOF",
        "diff <(a) b",
        "echo 'x",
        "a \\",
    ] {
        assert!(!split_commands(unsure).confident, "{unsure}");
    }
    assert_eq!(strip_assignments("A=1 B=2 git push"), "git push");
    assert_eq!(strip_assignments("A=$(x) git push"), "A=$(x) git push");
    assert_eq!(strip_assignments("A=1"), "A=1");
}

#[test]
fn no_panics_on_odd_input() {
    let odd = [
        "(",
        ")",
        "((",
        "Bash((",
        "Bash(\u{0}",
        "Edit(\u{fffd}**)",
        "Read(//)",
        "Read(~)",
        "Edit(.)",
        "mcp__",
        "mcp__*",
        "WebFetch(domain:)",
        "Bash(:*)",
        "Bash( *)",
        "Write([)",
        "Édit(x)",
    ];
    let inputs = [
        json!(null),
        json!({ "command": "\u{0}" }),
        json!({ "file_path": "" }),
        json!({ "file_path": "../../../../.." }),
        json!({ "url": "://" }),
        json!({ "url": "[::1" }),
        json!([1, 2]),
    ];
    for p in odd {
        if let Ok(p) = Pattern::parse(p) {
            for tool in ["Bash", "Write", "Read", "WebFetch", "mcp__a__b", "Grep"] {
                for input in &inputs {
                    let _ = p.matches(tool, input, Path::new(CWD), Path::new(HOME));
                    let _ = p.matches(tool, input, Path::new(""), Path::new(""));
                }
            }
        }
    }
    for line in ["\\", "'", "\"", "&&&", "|||", ";;", "\u{0}", "a\\\u{e9}"] {
        let _ = split_commands(line);
    }
}
