//! Round trips of `belay install` / `uninstall` for Codex, Gemini, Cursor and Copilot, in temp
//! dirs only: the exact file written, idempotence, other settings kept, backups, refusal of files
//! that do not parse, and what the doctor says.

use belay_install::{
    AgentHooks, CODEX, COPILOT, CURSOR, GEMINI, InstallError, Level, codex_hooks_path_from,
    copilot_hooks_path, gemini_settings_path_from,
};
use std::ffi::OsString;
use std::path::Path;

const BELAY: &str = "/opt/belay/bin/belay";

fn read(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn paths_honour_the_agents_env_vars() {
    let home = Some(OsString::from("/home/u"));
    assert_eq!(
        codex_hooks_path_from(None, Some("/cx".into()), home.clone()),
        Path::new("/cx/hooks.json")
    );
    assert_eq!(
        codex_hooks_path_from(None, Some("".into()), home.clone()),
        Path::new("/home/u/.codex/hooks.json")
    );
    assert_eq!(
        codex_hooks_path_from(Some(Path::new("/p")), None, home.clone()),
        Path::new("/p/.codex/hooks.json")
    );
    assert_eq!(
        gemini_settings_path_from(None, Some("/gh".into()), home.clone()),
        Path::new("/gh/.gemini/settings.json")
    );
    assert_eq!(
        gemini_settings_path_from(None, None, home),
        Path::new("/home/u/.gemini/settings.json")
    );
    assert_eq!(
        copilot_hooks_path(Path::new("/p")),
        Path::new("/p/.github/hooks/belay.json")
    );
}

/// A file the user already has, with settings of their own and someone else's hook.
fn existing(spec: &AgentHooks) -> &'static str {
    match spec.name {
        "codex" => {
            r#"{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"/usr/bin/audit"}]}]},"zeta":1}"#
        }
        "gemini" => {
            r#"{"theme":"dark","hooksConfig":{"enabled":true,"notifications":false},"hooks":{"BeforeTool":[{"matcher":"write_file","hooks":[{"type":"command","command":"lint"}]}]}}"#
        }
        "cursor" => {
            r#"{"version":1,"hooks":{"afterFileEdit":[{"command":"./fmt.sh"}],"beforeShellExecution":[{"command":"./audit.sh"}]}}"#
        }
        _ => r#"{"version":1,"hooks":{"sessionEnd":[{"type":"command","bash":"./log.sh"}]}}"#,
    }
}

#[test]
fn install_is_exact_idempotent_and_uninstall_restores() {
    for spec in [CODEX, GEMINI, CURSOR, COPILOT] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("hooks.json");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let before = existing(&spec);
        std::fs::write(&path, before).unwrap();

        let report = spec.install(&path, BELAY).unwrap();
        assert!(
            report.changes.len() >= spec.events.len(),
            "{}: {:?}",
            spec.name,
            report.changes
        );
        let backup = report.backup.expect("backup of the old file");
        assert_eq!(std::fs::read_to_string(backup).unwrap(), before);
        // The exact bytes: the user's keys keep their order, belay's are appended.
        insta::assert_snapshot!(
            format!("installed-{}", spec.name),
            std::fs::read_to_string(&path).unwrap()
        );

        // Twice: nothing to do, nothing written.
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert!(
            spec.install(&path, BELAY).unwrap().changes.is_empty(),
            "{}",
            spec.name
        );
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);

        // A new command replaces belay's hook, it does not add a second one.
        let report = spec.install(&path, "/usr/local/bin/belay").unwrap();
        assert_eq!(report.changes.len(), spec.events.len(), "{}", spec.name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(BELAY), "{}: {text}", spec.name);

        let findings = spec.doctor(&path);
        assert!(
            findings.iter().all(|f| f.level == Level::Ok),
            "{findings:?}"
        );
        assert_eq!(findings.len(), spec.events.len());

        let report = spec.uninstall(&path).unwrap();
        assert_eq!(report.changes.len(), spec.events.len(), "{}", spec.name);
        let after = read(&path);
        let mut want: serde_json::Value = serde_json::from_str(before).unwrap();
        if spec.name == "codex" || spec.name == "gemini" {
            // Same content; only the order of keys may differ after a round trip through Value.
            assert_eq!(after, want, "{}", spec.name);
        } else {
            want["version"] = 1.into();
            assert_eq!(after, want, "{}", spec.name);
        }
        assert!(spec.uninstall(&path).unwrap().changes.is_empty());
        let findings = spec.doctor(&path);
        assert!(
            findings.iter().all(|f| f.code == "hook-missing"),
            "{}: {findings:?}",
            spec.name
        );
        assert_eq!(findings.len(), spec.events.len());
    }
}

#[test]
fn a_fresh_file_is_created_and_removed_cleanly() {
    for spec in [CODEX, GEMINI, CURSOR, COPILOT] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".x").join("hooks.json");
        assert_eq!(spec.doctor(&path)[0].code, "agent-not-installed");
        let report = spec.install(&path, BELAY).unwrap();
        assert!(report.created && report.backup.is_none(), "{}", spec.name);
        spec.uninstall(&path).unwrap();
        let left = read(&path);
        assert!(left.get("hooks").is_none(), "{}: {left}", spec.name);
    }
}

#[test]
fn files_that_do_not_parse_or_fit_are_refused_untouched() {
    for spec in [CODEX, GEMINI, CURSOR, COPILOT] {
        for text in [
            "{\"hooks\": {",
            "[]",
            r#"{"hooks":[]}"#,
            r#"{"hooks":{"preToolUse":{},"PreToolUse":{},"BeforeTool":{},"sessionStart":{}}}"#,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("hooks.json");
            std::fs::write(&path, text).unwrap();
            let err = spec.install(&path, BELAY).unwrap_err();
            assert!(
                matches!(err, InstallError::Parse { .. } | InstallError::Shape { .. }),
                "{} {text}: {err}",
                spec.name
            );
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        }
    }
}

#[test]
fn gemini_install_switches_hooks_on_and_doctor_notices_when_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    std::fs::write(&path, r#"{"general":{"vimMode":true}}"#).unwrap();
    let report = GEMINI.install(&path, BELAY).unwrap();
    assert!(
        report
            .changes
            .iter()
            .any(|c| c.starts_with("hooksConfig.enabled"))
    );
    assert_eq!(read(&path)["hooksConfig"]["enabled"], true);
    assert_eq!(read(&path)["general"]["vimMode"], true);
    std::fs::write(
        &path,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"enabled\": true", "\"enabled\": false"),
    )
    .unwrap();
    let findings = GEMINI.doctor(&path);
    assert!(
        findings.iter().any(|f| f.code == "hooks-disabled"),
        "{findings:?}"
    );
}

#[test]
fn codex_doctor_notices_hooks_switched_off_in_config_toml() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hooks.json");
    CODEX.install(&path, BELAY).unwrap();
    let off = |f: &Vec<belay_install::DoctorFinding>| f.iter().any(|f| f.code == "hooks-disabled");
    assert!(!off(&CODEX.doctor(&path)));
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "model = \"gpt-5\"\n[features]\nhooks = true\n").unwrap();
    assert!(!off(&CODEX.doctor(&path)));
    std::fs::write(&config, "[features]\ncodex_hooks = false\n").unwrap();
    assert!(off(&CODEX.doctor(&path)));
}
