//! `belay doctor` over `belay-install`: Claude Code in depth, and each other agent's hook file.
//!
//! Claude Code merges the user's, the project's and the project-local settings files, so the
//! doctor checks all three and combines what it finds: a hook installed in any of them counts,
//! and a file that does not exist is only worth a word at user scope. It also checks that the
//! store opens, since without it no call is allowed silently. For Codex, Gemini, Cursor and
//! Copilot it reports, per hook file (user and project scope), whether belay's hooks are there; an
//! agent with no file at all is one `info` line.

use belay_install::{
    DoctorFinding, Level, claude_local_settings_path, claude_settings_path, doctor_claude_code,
};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The findings about one settings file (or about the store).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub subject: String,
    pub findings: Vec<DoctorFinding>,
}

/// Checks the user, project and project-local settings (the project is `project`) and the store.
pub fn doctor(project: &Path, store: Result<PathBuf, String>) -> Vec<Section> {
    let user = claude_settings_path(None);
    let files = [
        (user, true),
        (claude_settings_path(Some(project)), false),
        (claude_local_settings_path(project), false),
    ];
    let mut sections: Vec<Section> = Vec::new();
    let mut seen = BTreeSet::new();
    for (path, user_scope) in files {
        if !seen.insert(path.clone()) || (!user_scope && !path.exists()) {
            continue;
        }
        sections.push(Section {
            subject: path.display().to_string(),
            findings: doctor_claude_code(&path),
        });
    }
    combine(&mut sections);
    sections.extend(other_agents(project));
    sections.push(Section {
        subject: "belay's store".to_string(),
        findings: vec![match store {
            Ok(path) => finding(
                Level::Ok,
                "store-ok",
                &path.display().to_string(),
                format!("the session store opens: {}", path.display()),
            ),
            Err(e) => finding(
                Level::Critical,
                "store-unavailable",
                "store",
                format!("the session store does not open ({e}); until it does, belay asks before every call"),
            ),
        }],
    });
    sections
}

/// The resident hook process in this environment (the agent's may set `BELAY_RESIDENT`
/// differently): its mode, and whether one listens in `run_dir`.
pub fn resident_section(
    mode: Result<crate::resident::Mode, crate::resident::UnknownMode>,
    run_dir: &Path,
) -> Section {
    use crate::resident::Mode;
    let subject = run_dir.display().to_string();
    let running = match crate::resident::listening_socket(run_dir) {
        Some(socket) if std::os::unix::net::UnixStream::connect(&socket).is_ok() => {
            format!("one listens on {}", socket.display())
        }
        Some(socket) => format!(
            "none runs: {} is left from one that ended, and the next hook replaces it",
            socket.display()
        ),
        None => "none runs yet: the next hook starts one".to_string(),
    };
    let one = match mode {
        Ok(Mode::On) => finding(
            Level::Ok,
            "resident-on",
            &subject,
            format!("the resident hook process is on; {running}"),
        ),
        Ok(Mode::Require) => finding(
            Level::Info,
            "resident-required",
            &subject,
            format!(
                "BELAY_RESIDENT=require: an event the resident process does not answer is blocked; {running}"
            ),
        ),
        Ok(Mode::Off) => finding(
            Level::Info,
            "resident-off",
            &subject,
            "the resident hook process is off here (BELAY_RESIDENT): each hook opens the store itself, about 0.5 ms more per call".to_string(),
        ),
        Err(unknown) => finding(
            Level::Warning,
            "resident-unknown",
            &subject,
            format!("{unknown}; hooks treat it as on and say so on stderr"),
        ),
    };
    Section {
        subject: "belay's resident process".to_string(),
        findings: vec![one],
    }
}

/// The findings about belay's own configuration: a broken user config or Claude settings (the
/// hook then asks before every call), warnings, and every project item that was ignored.
pub fn config_section(
    loaded: &belay_config::Loaded,
    locations: &belay_config::Locations,
) -> Section {
    let mut findings = Vec::new();
    let user = locations
        .user_config
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "config.toml".to_string());
    for fault in &loaded.faults {
        findings.push(finding(
            Level::Critical,
            "config-invalid",
            &user,
            format!(
                "{fault} (until it is fixed the hook asks before every call; `belay config check`)"
            ),
        ));
    }
    for warning in &loaded.warnings {
        findings.push(finding(
            Level::Warning,
            "config-warning",
            &user,
            warning.clone(),
        ));
    }
    for r in &loaded.rejected {
        findings.push(finding(
            Level::Warning,
            "project-item-ignored",
            &r.file,
            r.to_string(),
        ));
    }
    if loaded.faults.is_empty() {
        let c = &loaded.config;
        let sources = match locations.user_config.as_deref() {
            Some(p) if p.is_file() => format!("{user} is valid"),
            _ => format!("no {user}: belay's defaults"),
        };
        let projects = if loaded.project_files.is_empty() {
            String::new()
        } else {
            format!(
                "; project files: {}",
                loaded
                    .project_files
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        findings.push(finding(
            Level::Ok,
            "config-ok",
            &user,
            format!(
                "{sources}{projects}: {} permission rule(s), {} protected path(s), {} severity override(s), denial limits {}/{}",
                c.rules.len(),
                c.protected.len(),
                c.severity.len(),
                c.limits.consecutive_denials,
                c.limits.total_denials
            ),
        ));
    }
    Section {
        subject: "belay's configuration".to_string(),
        findings,
    }
}

/// One section per existing hook file of the other agents; an agent without any: one info line.
fn other_agents(project: &Path) -> Vec<Section> {
    use belay_install::{
        CODEX, COPILOT, CURSOR, GEMINI, codex_hooks_path, copilot_hooks_path, cursor_hooks_path,
        gemini_settings_path,
    };
    let agents = [
        (
            CODEX,
            vec![codex_hooks_path(None), codex_hooks_path(Some(project))],
        ),
        (
            GEMINI,
            vec![
                gemini_settings_path(None),
                gemini_settings_path(Some(project)),
            ],
        ),
        (
            CURSOR,
            vec![cursor_hooks_path(None), cursor_hooks_path(Some(project))],
        ),
        (COPILOT, vec![copilot_hooks_path(project)]),
    ];
    let mut sections = Vec::new();
    for (spec, paths) in agents {
        let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
        let mut found: Vec<Section> = existing
            .into_iter()
            .map(|p| Section {
                subject: format!("{}: {}", spec.name, p.display()),
                findings: spec.doctor(p),
            })
            .collect();
        // A file without any of belay's hooks (the agent's own settings) is "not installed",
        // not a broken installation.
        let touched = found
            .iter()
            .flat_map(|s| &s.findings)
            .any(|f| f.code == "hook-installed" || f.code == "settings-unreadable");
        if !touched {
            sections.push(Section {
                subject: format!("{} (not installed)", spec.name),
                findings: vec![finding(
                    Level::Info,
                    "agent-not-installed",
                    spec.name,
                    format!(
                        "no hook file ({}); `belay install {}` if you use it",
                        paths
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                        spec.name
                    ),
                )],
            });
            continue;
        }
        combine(&mut found);
        sections.extend(found);
    }
    sections
}

fn finding(level: Level, code: &'static str, subject: &str, message: String) -> DoctorFinding {
    DoctorFinding {
        level,
        code,
        subject: subject.to_string(),
        message,
    }
}

/// A hook installed in one file is not missing from the merged settings: drop `hook-missing`
/// elsewhere for that event, and report a hook missing everywhere once (at user scope).
fn combine(sections: &mut [Section]) {
    let installed: BTreeSet<String> = sections
        .iter()
        .flat_map(|s| &s.findings)
        .filter(|f| f.code == "hook-installed")
        .map(|f| f.subject.clone())
        .collect();
    let mut reported = BTreeSet::new();
    for section in sections.iter_mut() {
        section.findings.retain(|f| {
            f.code != "hook-missing"
                || (!installed.contains(&f.subject) && reported.insert(f.subject.clone()))
        });
    }
}

/// The worst level among the findings.
pub fn worst(sections: &[Section]) -> Level {
    sections
        .iter()
        .flat_map(|s| &s.findings)
        .map(|f| f.level)
        .max()
        .unwrap_or(Level::Ok)
}

/// The report for people.
pub fn render(sections: &[Section]) -> String {
    let mut s = String::new();
    for section in sections {
        s.push_str(&format!("{}\n", section.subject));
        if section.findings.is_empty() {
            s.push_str("  ok        nothing to report\n");
        }
        for f in &section.findings {
            s.push_str(&format!("  {:<9} {}\n", f.level.as_str(), f.message));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(code: &'static str, subject: &str) -> DoctorFinding {
        finding(Level::Warning, code, subject, String::new())
    }

    #[test]
    fn a_hook_installed_anywhere_is_not_missing() {
        let mut sections = vec![
            Section {
                subject: "user".into(),
                findings: vec![f("hook-missing", "PreToolUse"), f("hook-missing", "Stop")],
            },
            Section {
                subject: "project".into(),
                findings: vec![f("hook-installed", "PreToolUse"), f("hook-missing", "Stop")],
            },
        ];
        combine(&mut sections);
        let codes: Vec<(&str, &str)> = sections
            .iter()
            .flat_map(|s| &s.findings)
            .map(|f| (f.code, f.subject.as_str()))
            .collect();
        assert_eq!(
            codes,
            [("hook-missing", "Stop"), ("hook-installed", "PreToolUse")]
        );
    }

    #[test]
    fn the_resident_process_is_reported_as_set_and_found() {
        use crate::resident::{Mode, UnknownMode};
        let empty = tempfile::tempdir().unwrap();
        let listening = tempfile::tempdir().unwrap();
        let _listener =
            std::os::unix::net::UnixListener::bind(listening.path().join("hook-0123.sock"))
                .unwrap();
        let left = tempfile::tempdir().unwrap();
        std::fs::write(left.path().join("hook-4567.sock"), "").unwrap();
        // (BELAY_RESIDENT, run directory, level, code, what the message says)
        type Case<'a> = (Result<Mode, UnknownMode>, &'a Path, Level, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (
                Ok(Mode::On),
                listening.path(),
                Level::Ok,
                "resident-on",
                "hook-0123.sock",
            ),
            (
                Ok(Mode::On),
                empty.path(),
                Level::Ok,
                "resident-on",
                "next hook starts one",
            ),
            (
                Ok(Mode::On),
                left.path(),
                Level::Ok,
                "resident-on",
                "left from one that ended",
            ),
            (
                Ok(Mode::Off),
                empty.path(),
                Level::Info,
                "resident-off",
                "0.5 ms",
            ),
            (
                Ok(Mode::Require),
                listening.path(),
                Level::Info,
                "resident-required",
                "blocked",
            ),
            (
                Err(UnknownMode("maybe".into())),
                empty.path(),
                Level::Warning,
                "resident-unknown",
                "\"maybe\"",
            ),
        ];
        for (mode, dir, level, code, says) in cases {
            let section = resident_section(mode, dir);
            let [one] = &section.findings[..] else {
                panic!("{:?}", section.findings)
            };
            assert_eq!((one.level, one.code), (level, code), "{}", one.message);
            assert!(one.message.contains(says), "{}", one.message);
        }
    }
}
