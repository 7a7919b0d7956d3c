//! belay-policy: may this action happen here?
//!
//! Judges an action's effects (from `belay-analysis`) against the session: the user's own
//! messages (their intent), the earlier calls (scripts written and now run, secrets read,
//! remotes added), the trusted environment, and content flagged as injected. Every block names a
//! rule from the [`rules`] catalog with its category and severity: `soft` rules are cleared when
//! the user's message asks for exactly that action; `hard` rules never are. The session's
//! severity overrides (`Session::severity`, from the user's configuration) replace a rule's
//! catalog severity before intent is weighed.
//!
//! Nothing here knows hook protocols or storage; the caller builds the [`Session`].

pub mod intent;
pub mod judge;
pub mod paths;
pub mod rules;
pub mod trust;
pub mod typosquat;

use belay_action::{Action, CallFacts, Category, Decision, PastCall, Session, Severity, Verdict};
use belay_analysis::{Effect, EffectKind};
use intent::Stance;
use judge::{Context, Hit};
use rules::Rule;
use std::collections::HashMap;
use std::path::PathBuf;
use trust::Trust;

/// The configured rule engine.
#[derive(Debug, Clone, Default)]
pub struct Policy {}

/// A verdict with everything that led to it.
#[derive(Debug, Clone)]
pub struct Judgment {
    pub verdict: Verdict,
    pub effects: Vec<Effect>,
    /// Rules that fired, with whether the user's messages cleared them.
    pub hits: Vec<(Hit, Stance)>,
    /// The analysis could not read everything (the verdict is at least `ask`).
    pub incomplete: Option<String>,
    /// What this call leaves behind for later judgments if it runs (see [`call_facts`]), worked
    /// out from the same analysis, so the hook can store it without a second parse.
    pub facts: CallFacts,
}

/// Tools belay knows the input shape of, besides the read-only ones and MCP tools.
const KNOWN_TOOLS: &[&str] = &[
    "Bash",
    "PowerShell",
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "WebFetch",
    "Task",
    "Agent",
];

/// What earlier calls of the session tell about the current one.
#[derive(Default)]
struct Facts {
    created: Vec<PathBuf>,
    written: HashMap<PathBuf, String>,
    remotes: HashMap<String, String>,
    read_secret: bool,
    repos_read: Vec<String>,
}

impl Policy {
    /// Judges one action. Never panics on any input; what it cannot judge is `ask`.
    pub fn judge(&self, action: &Action, session: &Session) -> Verdict {
        self.judge_detailed(action, session).verdict
    }

    /// Judges one action and returns the effects and rule hits behind the verdict.
    pub fn judge_detailed(&self, action: &Action, session: &Session) -> Judgment {
        let tool = action.tool.as_str();
        let known = KNOWN_TOOLS.contains(&tool)
            || belay_analysis::READ_ONLY_TOOLS.contains(&tool)
            || tool.starts_with("mcp__");
        if !known {
            let verdict = Verdict::unjudged(
                rules::UNPARSED.id,
                format!("belay does not know the tool `{tool}`; the user decides"),
            );
            return Judgment {
                verdict,
                effects: Vec::new(),
                hits: Vec::new(),
                incomplete: Some(format!("unknown tool {tool}")),
                facts: CallFacts::default(),
            };
        }
        if !action.input.is_object() {
            let verdict = Verdict::unjudged(
                rules::UNPARSED.id,
                format!("the {tool} call's input is not a JSON object"),
            );
            return Judgment {
                verdict,
                effects: Vec::new(),
                hits: Vec::new(),
                incomplete: Some("input is not an object".into()),
                facts: CallFacts::default(),
            };
        }
        let home = &session.home;
        let analysis = belay_analysis::analyze(action, home);
        let own_facts = facts_of(tool, &action.input, &action.cwd, home, &analysis.effects);
        let mut effects = analysis.effects;
        let facts = facts(&session.history, &action.cwd, home);
        effects.extend(scripts_run(action, &facts, home));
        let trust = Trust::from_environment(&session.environment);
        let ctx = Context {
            project: &action.cwd,
            home,
            trust: &trust,
            created: &facts.created,
            written: &facts.written,
            remotes: &facts.remotes,
            read_secret: facts.read_secret,
            repos_read: &facts.repos_read,
            siblings: &effects,
            depth: 0,
        };
        let mut hits: Vec<(Hit, Stance)> = Vec::new();
        let messages = std::cell::OnceCell::new();
        for effect in &effects {
            for mut h in judge::hits(effect, &ctx) {
                if let Some(severity) = session.severity.get(h.rule.id) {
                    h.rule.severity = *severity;
                }
                let stance = match h.rule.severity {
                    Severity::Hard => Stance::Silent,
                    Severity::Soft if h.asks.is_empty() => Stance::Silent,
                    Severity::Soft => intent::stance(
                        messages.get_or_init(|| intent::Messages::read(&session.prompts)),
                        &h.asks,
                        &action.cwd,
                        home,
                    ),
                };
                hits.push((h, stance));
            }
        }
        if let Some(mut t) = tainted(action, session, &trust) {
            if let Some(severity) = session.severity.get(t.rule.id) {
                t.rule.severity = *severity;
            }
            hits.push((t, Stance::Silent));
        }
        let verdict = decide(&hits, &effects, analysis.incomplete.as_deref());
        Judgment {
            verdict,
            effects,
            hits,
            incomplete: analysis.incomplete,
            facts: own_facts,
        }
    }
}

/// Turns rule hits into the verdict: any hard hit or uncleared soft hit blocks.
fn decide(hits: &[(Hit, Stance)], effects: &[Effect], incomplete: Option<&str>) -> Verdict {
    let effect_list: Vec<String> = effects.iter().map(|e| e.to_string()).collect();
    let blocking: Vec<&(Hit, Stance)> = hits
        .iter()
        .filter(|(h, s)| h.rule.severity == Severity::Hard || *s != Stance::Asked)
        .collect();
    let first = blocking
        .iter()
        .find(|(h, _)| h.rule.severity == Severity::Hard)
        .or_else(|| blocking.first());
    if let Some((hit, stance)) = first {
        let rule: &Rule = &hit.rule;
        let mut reason = format!(
            "{}: {}. Instead, {}.",
            hit.detail, rule.summary, rule.advice
        );
        if *stance == Stance::Forbidden {
            reason = format!("{} The user said not to do this in this session.", reason);
        } else if rule.severity == Severity::Soft {
            reason
                .push_str(" If the user explicitly asks for exactly this action, it can go ahead.");
        }
        let others: Vec<&str> = blocking
            .iter()
            .map(|(h, _)| h.rule.id)
            .filter(|id| *id != rule.id)
            .collect();
        if !others.is_empty() {
            reason.push_str(&format!(" Also flagged: {}.", dedup(others).join(", ")));
        }
        return Verdict {
            decision: Decision::Deny,
            rule: Some(rule.id.to_string()),
            category: rule.category,
            severity: Some(rule.severity),
            reason,
            effects: effect_list,
        };
    }
    if let Some(why) = incomplete {
        return Verdict {
            decision: Decision::Ask,
            rule: Some(rules::UNPARSED.id.to_string()),
            category: Category::Unjudged,
            severity: None,
            reason: format!(
                "belay could not fully analyse this call ({why}); the user decides. {}.",
                rules::UNPARSED.advice
            ),
            effects: effect_list,
        };
    }
    let cleared: Vec<&str> = hits
        .iter()
        .filter(|(_, s)| *s == Stance::Asked)
        .map(|(h, _)| h.rule.id)
        .collect();
    let reason = if cleared.is_empty() {
        "no risky effect found".to_string()
    } else {
        format!("asked for by the user ({})", dedup(cleared).join(", "))
    };
    let category = hits
        .iter()
        .find(|(_, s)| *s == Stance::Asked)
        .map(|(h, _)| h.rule.category)
        .unwrap_or(Category::Routine);
    Verdict {
        decision: Decision::Allow,
        rule: None,
        category,
        severity: None,
        reason,
        effects: effect_list,
    }
}

fn dedup(mut ids: Vec<&str>) -> Vec<&str> {
    let mut seen = Vec::new();
    ids.retain(|id| {
        let new = !seen.contains(id);
        seen.push(*id);
        new
    });
    ids
}

/// How many of the session's most recent calls the judgment looks back on.
pub const HISTORY_CALLS: usize = 100;

/// Gathers what the session's earlier calls created, wrote, read and configured: from the facts
/// stored with each call, or derived from the call itself when none were stored (resolved
/// against `cwd`, the best guess for a call whose own directory is unknown).
fn facts(history: &[PastCall], cwd: &std::path::Path, home: &std::path::Path) -> Facts {
    let mut facts = Facts::default();
    // Newest first, so the newest content of a file and the newest url of a remote win.
    for call in history.iter().rev().take(HISTORY_CALLS) {
        let derived;
        let call_facts = match &call.facts {
            Some(stored) => stored,
            None => {
                derived = call_facts(&call.tool, &call.input, cwd, home);
                &derived
            }
        };
        facts.created.extend(call_facts.created.iter().cloned());
        for (path, content) in &call_facts.written {
            facts
                .written
                .entry(path.clone())
                .or_insert_with(|| content.clone());
        }
        for (name, url) in &call_facts.remotes {
            facts
                .remotes
                .entry(name.clone())
                .or_insert_with(|| url.clone());
        }
        facts.read_secret |= call_facts.read_secret;
        facts
            .repos_read
            .extend(call_facts.repos_read.iter().cloned());
    }
    facts
}

/// What one call (about to run, or run earlier) leaves behind for later judgments: created files
/// and directories, written contents, configured remotes, secrets read, repositories read. The
/// hook stores this with each call so later calls need not parse the history again.
pub fn call_facts(
    tool: &str,
    input: &serde_json::Value,
    cwd: &std::path::Path,
    home: &std::path::Path,
) -> CallFacts {
    if tool == "Bash"
        && let Some(cmd) = input.get("command").and_then(|c| c.as_str())
        && !may_leave_facts(cmd)
    {
        // Only commands that can create, configure or read secrets are parsed.
        return CallFacts::default();
    }
    let effects = if tool.starts_with("mcp__") {
        Vec::new()
    } else {
        let action = Action {
            tool: tool.to_string(),
            input: input.clone(),
            cwd: cwd.to_path_buf(),
        };
        belay_analysis::analyze(&action, home).effects
    };
    facts_of(tool, input, cwd, home, &effects)
}

/// [`call_facts`] from the call's already analysed `effects`.
fn facts_of(
    tool: &str,
    input: &serde_json::Value,
    cwd: &std::path::Path,
    home: &std::path::Path,
    effects: &[Effect],
) -> CallFacts {
    let mut facts = CallFacts::default();
    if tool.starts_with("mcp__") {
        let (_, name) = belay_analysis::split_name(tool);
        if belay_analysis::is_read_tool(&name)
            && let (Some(owner), Some(repo)) = (
                input.get("owner").and_then(|v| v.as_str()),
                input.get("repo").and_then(|v| v.as_str()),
            )
        {
            facts.repos_read.push(format!("{owner}/{repo}"));
        }
        return facts;
    }
    if tool == "Bash"
        && let Some(cmd) = input.get("command").and_then(|c| c.as_str())
        && cmd.contains("mkdir")
    {
        facts.created.extend(made_dirs(cmd, cwd, home));
    }
    for effect in effects {
        match &effect.kind {
            EffectKind::Write {
                target, content, ..
            } => {
                if let Some(c) = content {
                    facts.written.push((target.path.clone(), c.clone()));
                }
                facts.created.push(target.path.clone());
            }
            EffectKind::Read { target }
                if belay_analysis::secret_path_kind(&target.path, home).is_some() =>
            {
                facts.read_secret = true
            }
            EffectKind::Send { data, .. }
                if data
                    .iter()
                    .any(|d| matches!(d, belay_analysis::Data::Secret(_))) =>
            {
                facts.read_secret = true
            }
            EffectKind::GitRemote { name, url } => facts.remotes.push((name.clone(), url.clone())),
            _ => {}
        }
    }
    facts
}

/// Cheap test for whether an earlier command can have created files, configured a remote or
/// read a secret (the only facts gathered from history).
fn may_leave_facts(command: &str) -> bool {
    const MARKERS: &[&str] = &[
        ">",
        "tee",
        "cp",
        "mv",
        "mkdir",
        "install",
        "rsync",
        "remote",
        "curl",
        "wget",
        "touch",
        "cat",
        "git",
        ".env",
        ".ssh",
        ".aws",
        ".kube",
        "credential",
        "secret",
        "token",
        "password",
        "netrc",
        "id_rsa",
        "id_ed",
        "cookies",
        "keychain",
        "vault",
        "printenv",
        "env",
        "gpg",
        "key",
    ];
    MARKERS.iter().any(|m| command.contains(m))
}

/// Directories created by `mkdir` in a command line.
fn made_dirs(command: &str, cwd: &std::path::Path, home: &std::path::Path) -> Vec<PathBuf> {
    let script = belay_shell::parse(command);
    let resolver = belay_analysis::Resolver::new(cwd.to_path_buf(), home.to_path_buf());
    let mut out = Vec::new();
    for c in &script.commands {
        if c.program().as_deref() == Some("mkdir") {
            for w in c.argv.iter().skip(1) {
                if !w.render().starts_with('-') {
                    out.push(resolver.word(w, &c.cwd).path);
                }
            }
        }
    }
    out
}

/// Effects of scripts written earlier in the session that this command runs.
fn scripts_run(action: &Action, facts: &Facts, home: &std::path::Path) -> Vec<Effect> {
    let mut out = Vec::new();
    if action.tool != "Bash" || facts.written.is_empty() {
        return out;
    }
    let Some(command) = action.input.get("command").and_then(|c| c.as_str()) else {
        return out;
    };
    let resolver = belay_analysis::Resolver::new(action.cwd.clone(), home.to_path_buf());
    let script = belay_shell::parse(command);
    for c in &script.commands {
        for w in c.argv.iter().take(3) {
            let path = resolver.word(w, &c.cwd).path;
            let Some(content) = facts.written.get(&path) else {
                continue;
            };
            let shell_like = content.starts_with("#!/bin/sh")
                || content.starts_with("#!/bin/bash")
                || content.starts_with("#!/usr/bin/env bash")
                || content.starts_with("#!/usr/bin/env sh")
                || path.extension().is_some_and(|e| e == "sh" || e == "bash");
            if !shell_like {
                continue;
            }
            let inner = belay_analysis::analyze_script_text(
                content,
                action.cwd.clone(),
                home.to_path_buf(),
            );
            for mut e in inner.effects {
                e.via.insert(0, format!("script {}", path.display()));
                out.push(e);
            }
        }
    }
    out
}

/// A hard hit when the action uses something that injected content told the agent to use.
fn tainted(action: &Action, session: &Session, trust: &Trust) -> Option<Hit> {
    if session.suspects.is_empty() {
        return None;
    }
    let relevant = |s: &belay_action::Suspect| -> bool {
        let text = s.text.trim();
        if text.len() < 4 {
            return false;
        }
        if text.contains(char::is_whitespace) {
            // A command the injected text named counts only when it is risky in itself:
            // `npm install` in a README is not a reason to distrust every later install.
            let probe = Action {
                tool: "Bash".into(),
                input: serde_json::json!({ "command": text }),
                cwd: action.cwd.clone(),
            };
            let plain = Session {
                home: session.home.clone(),
                environment: session.environment.clone(),
                ..Session::default()
            };
            return Policy::default().judge(&probe, &plain).decision != Decision::Allow;
        }
        // Hosts and URLs: the user's trusted places and public registries stay usable.
        let host_like = text.contains('.') && !text.starts_with('/') && !text.starts_with('~');
        if host_like {
            let common = [
                "github.com",
                "gitlab.com",
                "example.com",
                "example.org",
                "localhost",
                "google.com",
                "npmjs.com",
                "pypi.org",
            ];
            let host = trust::host_of(text)
                .unwrap_or_else(|| text.to_string())
                .to_lowercase();
            let host = host.rsplit('@').next().unwrap_or(&host).to_string();
            return !(trust.trusted_destination(text)
                || trust.known_source(&format!("https://{host}"))
                || common.contains(&host.as_str()));
        }
        true
    };
    let mut texts = Vec::new();
    belay_analysis::json_strings(&action.input, &mut texts, &mut 256);
    let haystack = texts.join("\n").to_lowercase();
    for s in session.suspects.iter().filter(|s| relevant(s)) {
        let needle = s.text.trim().to_lowercase();
        if needle.len() >= 4 && haystack.contains(&needle) {
            return Some(Hit {
                rule: rules::TAINTED,
                detail: format!(
                    "uses {:?}, which content read earlier ({}) told the agent to use",
                    s.text, s.source
                ),
                asks: Vec::new(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(command: &str, prompts: &[&str]) -> Verdict {
        let action = Action {
            tool: "Bash".into(),
            input: json!({ "command": command }),
            cwd: PathBuf::from("/home/dev/projects/app"),
        };
        let session = Session {
            prompts: prompts.iter().map(|p| p.to_string()).collect(),
            home: PathBuf::from("/home/dev"),
            ..Session::default()
        };
        Policy::default().judge(&action, &session)
    }

    #[test]
    fn unknown_tools_ask() {
        let action = Action {
            tool: "Teleport".into(),
            input: json!({}),
            cwd: PathBuf::from("/p"),
        };
        assert_eq!(
            Policy::default()
                .judge(&action, &Session::default())
                .decision,
            Decision::Ask
        );
    }

    #[test]
    fn issue_examples() {
        assert_eq!(
            check("git push --force origin main", &[]).decision,
            Decision::Deny
        );
        assert_eq!(
            check(
                "git push --force origin main",
                &["force-push my rewritten history to origin main"]
            )
            .decision,
            Decision::Allow
        );
        assert_eq!(check("cargo test", &[]).decision, Decision::Allow);
        assert_eq!(
            check(
                "rm -rf ~",
                &["delete my whole home directory with rm -rf ~"]
            )
            .decision,
            Decision::Deny
        );
    }
}
