//! Installing into and uninstalling from Claude Code settings files.

use std::fs;
use std::path::{Path, PathBuf};

use belay_install::{
    InstallError, claude_local_settings_path, claude_settings_path_from, install_claude_code,
    uninstall_claude_code,
};
use serde_json::{Value, json};

const BELAY: &str = "/usr/local/bin/belay";

/// Settings with a bit of everything belay must leave alone, in a deliberately unsorted order.
const RICH: &str = r#"{
  "statusLine": { "type": "command", "command": "~/.claude/statusline.sh" },
  "permissions": {
    "allow": ["Bash(npm test:*)", "Read(~/notes/**)"],
    "deny": ["Read(./.env)"],
    "defaultMode": "acceptEdits"
  },
  "env": { "FOO": "bar", "NUM": "1" },
  "hooks": {
    "PreToolUse": [
      { "matcher": "Bash", "hooks": [ { "type": "command", "command": "~/bin/audit.sh", "timeout": 5 } ] }
    ],
    "Stop": [
      { "hooks": [ { "type": "command", "command": "notify-send done" } ] }
    ]
  },
  "model": "opus",
  "includeCoAuthoredBy": false
}
"#;

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".belay-backup-"))
        .collect();
    v.sort();
    v
}

fn no_temp_files(dir: &Path) {
    for e in fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name();
        assert!(
            !name.to_string_lossy().contains("belay-tmp"),
            "left a temp file: {name:?}"
        );
    }
}

fn setup(content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    fs::write(&path, content).unwrap();
    (dir, path)
}

#[test]
fn install_adds_the_four_hooks_and_keeps_everything_else() {
    let (dir, path) = setup(RICH);
    let report = install_claude_code(&path, BELAY).unwrap();
    assert!(report.changed());
    assert!(!report.created);
    assert_eq!(report.changes.len(), 4, "{:?}", report.changes);
    let after = read_json(&path);
    let handler = json!({"type": "command", "command": "/usr/local/bin/belay hook claude-code", "timeout": 10});
    assert_eq!(
        after["hooks"]["PreToolUse"],
        json!([
            { "matcher": "Bash", "hooks": [ { "type": "command", "command": "~/bin/audit.sh", "timeout": 5 } ] },
            { "matcher": "*", "hooks": [ handler ] }
        ])
    );
    assert_eq!(
        after["hooks"]["PostToolUse"],
        json!([{ "matcher": "*", "hooks": [ handler ] }])
    );
    assert_eq!(
        after["hooks"]["UserPromptSubmit"],
        json!([{ "hooks": [ handler ] }])
    );
    assert_eq!(
        after["hooks"]["SessionStart"],
        json!([{ "hooks": [ handler ] }])
    );
    // Everything else is as it was.
    let before: Value = serde_json::from_str(RICH).unwrap();
    for key in [
        "statusLine",
        "permissions",
        "env",
        "model",
        "includeCoAuthoredBy",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(after["hooks"]["Stop"], before["hooks"]["Stop"]);
    // Key order is kept: top-level keys appear in the original order.
    let text = fs::read_to_string(&path).unwrap();
    let pos = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(pos("statusLine") < pos("permissions"));
    assert!(pos("permissions") < pos("env"));
    assert!(pos("env") < pos("hooks"));
    assert!(pos("hooks") < pos("model"));
    assert!(pos("model") < pos("includeCoAuthoredBy"));
    no_temp_files(dir.path());
}

#[test]
fn install_writes_a_backup_of_the_original() {
    let (dir, path) = setup(RICH);
    let report = install_claude_code(&path, BELAY).unwrap();
    let backup = report.backup.expect("a backup");
    assert_eq!(backups(dir.path()), vec![backup.clone()]);
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    let ts = name.strip_prefix("settings.json.belay-backup-").unwrap();
    assert!(ts.parse::<u64>().is_ok(), "{name}");
    assert_eq!(fs::read_to_string(&backup).unwrap(), RICH);
}

#[test]
fn install_is_idempotent() {
    let (dir, path) = setup(RICH);
    install_claude_code(&path, BELAY).unwrap();
    let first = fs::read(&path).unwrap();
    let again = install_claude_code(&path, BELAY).unwrap();
    assert!(!again.changed(), "{:?}", again.changes);
    assert_eq!(again.backup, None);
    assert_eq!(fs::read(&path).unwrap(), first);
    assert_eq!(backups(dir.path()).len(), 1);
}

#[test]
fn install_with_a_new_command_updates_in_place() {
    let (_dir, path) = setup(RICH);
    install_claude_code(&path, BELAY).unwrap();
    let report = install_claude_code(&path, "/opt/belay/bin/belay").unwrap();
    assert_eq!(report.changes.len(), 4, "{:?}", report.changes);
    let after = read_json(&path);
    let pre = after["hooks"]["PreToolUse"].as_array().unwrap();
    assert_eq!(pre.len(), 2);
    assert_eq!(
        pre[1]["hooks"][0]["command"],
        "/opt/belay/bin/belay hook claude-code"
    );
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("hook claude-code").count(), 4);
}

#[test]
fn round_trip_restores_the_original_json() {
    for original in [
        RICH,
        "{}",
        r#"{"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "x"}]}]}}"#,
        r#"{"permissions": {"allow": []}, "hooks": {"SessionStart": [{"hooks": [{"type":"command","command":"echo hi"}]}]}}"#,
    ] {
        let (_dir, path) = setup(original);
        install_claude_code(&path, BELAY).unwrap();
        let report = uninstall_claude_code(&path).unwrap();
        assert_eq!(report.changes.len(), 4, "{:?}", report.changes);
        assert!(report.backup.is_some());
        let before: Value = serde_json::from_str(original).unwrap();
        assert_eq!(read_json(&path), before, "round trip of {original}");
    }
}

#[test]
fn uninstall_keeps_other_handlers_in_a_shared_group() {
    let original = r#"{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[
        {"type":"command","command":"belay hook claude-code"},
        {"type":"command","command":"other"}]}]}}"#;
    let (_dir, path) = setup(original);
    let report = uninstall_claude_code(&path).unwrap();
    assert_eq!(report.changes, vec!["PreToolUse: removed belay's hook"]);
    assert_eq!(
        read_json(&path),
        json!({"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":"other"}]}]}})
    );
}

#[test]
fn uninstall_without_belay_changes_nothing() {
    let (dir, path) = setup(RICH);
    let report = uninstall_claude_code(&path).unwrap();
    assert!(!report.changed());
    assert_eq!(fs::read_to_string(&path).unwrap(), RICH);
    assert!(backups(dir.path()).is_empty());

    let missing = dir.path().join("nope/settings.json");
    let report = uninstall_claude_code(&missing).unwrap();
    assert!(!report.changed());
    assert!(!missing.exists());
}

#[test]
fn install_creates_file_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project/.claude/settings.json");
    let report = install_claude_code(&path, BELAY).unwrap();
    assert!(report.created);
    assert_eq!(report.backup, None);
    let after = read_json(&path);
    assert_eq!(after.as_object().unwrap().len(), 1);
    assert_eq!(after["hooks"].as_object().unwrap().len(), 4);
    assert!(fs::read_to_string(&path).unwrap().ends_with("}\n"));
}

#[test]
fn blank_file_counts_as_empty() {
    let (_dir, path) = setup("  \n");
    let report = install_claude_code(&path, BELAY).unwrap();
    assert_eq!(report.changes.len(), 4);
    assert!(report.backup.is_some());
}

#[test]
fn unparsable_file_is_refused_and_untouched() {
    let bad = "{\n  \"permissions\": {\n    \"allow\": [\"Bash(ls)\",]\n  }\n}\n";
    let (dir, path) = setup(bad);
    let err = install_claude_code(&path, BELAY).unwrap_err();
    match &err {
        InstallError::Parse { line, column, .. } => {
            assert_eq!(*line, 3);
            assert!(*column > 0);
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
    assert!(msg.contains("will not edit"), "{msg}");
    assert_eq!(fs::read_to_string(&path).unwrap(), bad);
    assert!(backups(dir.path()).is_empty());

    let err = uninstall_claude_code(&path).unwrap_err();
    assert!(matches!(err, InstallError::Parse { .. }));
    assert_eq!(fs::read_to_string(&path).unwrap(), bad);
}

#[test]
fn wrongly_shaped_hooks_are_refused_and_untouched() {
    let odd = r#"{"hooks": ["not", "an", "object"]}"#;
    let (_dir, path) = setup(odd);
    let err = install_claude_code(&path, BELAY).unwrap_err();
    assert!(matches!(err, InstallError::Shape { .. }), "{err:?}");
    assert!(err.to_string().contains("\"hooks\" is an array"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), odd);
}

#[cfg(unix)]
#[test]
fn symlinked_settings_are_edited_at_their_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("dotfiles-settings.json");
    fs::write(&target, "{}").unwrap();
    let link = dir.path().join("settings.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let report = install_claude_code(&link, BELAY).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(report.settings_path, fs::canonicalize(&target).unwrap());
    assert_eq!(read_json(&target)["hooks"].as_object().unwrap().len(), 4);
}

#[cfg(unix)]
#[test]
fn file_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = setup("{}");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    install_claude_code(&path, BELAY).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn command_with_spaces_is_quoted_and_still_recognised() {
    let (_dir, path) = setup("{}");
    install_claude_code(&path, "/Users/Jo Doe/bin/belay").unwrap();
    let after = read_json(&path);
    assert_eq!(
        after["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
        "'/Users/Jo Doe/bin/belay' hook claude-code"
    );
    assert!(
        !install_claude_code(&path, "/Users/Jo Doe/bin/belay")
            .unwrap()
            .changed()
    );
    assert_eq!(uninstall_claude_code(&path).unwrap().changes.len(), 4);
    assert_eq!(read_json(&path), json!({}));
}

#[test]
fn settings_paths() {
    let os = |s: &str| Some(std::ffi::OsString::from(s));
    assert_eq!(
        claude_settings_path_from(None, os("/cfg/claude"), os("/home/u")),
        PathBuf::from("/cfg/claude/settings.json")
    );
    assert_eq!(
        claude_settings_path_from(None, None, os("/home/u")),
        PathBuf::from("/home/u/.claude/settings.json")
    );
    assert_eq!(
        claude_settings_path_from(None, os(""), os("/home/u")),
        PathBuf::from("/home/u/.claude/settings.json")
    );
    assert_eq!(
        claude_settings_path_from(Some(Path::new("/p")), os("/cfg"), os("/home/u")),
        PathBuf::from("/p/.claude/settings.json")
    );
    assert_eq!(
        claude_local_settings_path(Path::new("/p")),
        PathBuf::from("/p/.claude/settings.local.json")
    );
}
