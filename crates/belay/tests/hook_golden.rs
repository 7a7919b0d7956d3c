//! Golden tests of the Claude Code hook: real-shaped payloads in, the exact stdout bytes and exit
//! code out (insta snapshots). The judge and the screen are deterministic stubs, so these
//! snapshots pin the protocol, not the engine's current opinions.

use belay::hook::{Context, HookOutput, MemoryLog, handle_event, handle_oversize};
use belay::screen::{Finding, Screening};
use belay_action::{Action, Category, Decision, Session, Severity, Verdict};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../belay-agents/tests/fixtures/claude-code")
}

/// Says what it was given, so the snapshot shows the Action and Session the hook built.
fn stub_judge(action: &Action, session: &Session) -> Verdict {
    let seen = format!(
        "tool={} cwd={} prompts={} last_prompt={:?} history={} suspects={} env={} home={}",
        action.tool,
        action.cwd.display(),
        session.prompts.len(),
        session.prompts.last().map(String::as_str).unwrap_or(""),
        session.history.len(),
        session.suspects.len(),
        session.environment.len(),
        session.home.display(),
    );
    let command = action.input.get("command").and_then(|c| c.as_str());
    match action.tool.as_str() {
        "Read" | "Glob" | "Grep" | "WebSearch" => Verdict::allow(format!("read-only ({seen})")),
        "Bash" if command.is_some_and(|c| c.contains("rm -rf")) => Verdict {
            decision: Decision::Deny,
            rule: Some("stub.rm".into()),
            category: Category::DestroyLocal,
            severity: Some(Severity::Soft),
            reason: format!("recursive delete ({seen})"),
            effects: vec!["delete".into()],
        },
        t if t.starts_with("mcp__") => Verdict {
            decision: Decision::Ask,
            rule: Some("stub.mcp".into()),
            category: Category::SharedResource,
            severity: Some(Severity::Soft),
            reason: format!("acts on a shared service ({seen})"),
            effects: vec![],
        },
        _ => Verdict::allow(format!("ok ({seen})")),
    }
}

fn stub_screen(text: &str) -> Screening {
    const MARK: &str = "IGNORE PREVIOUS INSTRUCTIONS";
    let Some(at) = text.find(MARK) else {
        return Screening::default();
    };
    let excerpt: String = text[at..].chars().take(60).collect();
    let targets = text
        .split_whitespace()
        .filter(|w| w.starts_with("https://"))
        .map(str::to_string)
        .collect();
    Screening {
        is_injection: true,
        score: 0.97,
        findings: vec![Finding {
            kind: "instruction-override".into(),
            excerpt,
            score: 0.97,
        }],
        targets,
        failed: false,
        stopped_after: None,
    }
}

fn ctx() -> Context {
    let mut ctx = Context::new(
        Some(Box::new(MemoryLog::default())),
        PathBuf::from("/home/dev"),
    );
    ctx.judge = Box::new(|action, session| stub_judge(action, session).into());
    ctx.screen = Box::new(stub_screen);
    ctx.environment = vec!["Our GitHub org: acme-corp".into()];
    ctx.read_transcript = false;
    ctx
}

fn golden(out: &HookOutput) -> serde_json::Value {
    serde_json::json!({
        "stdout": out.stdout,
        "exit_code": out.exit_code,
        "stderr": out.stderr,
    })
}

fn assert_protocol(out: &HookOutput) {
    assert!(
        out.exit_code == 0 || out.exit_code == 2,
        "exit {}",
        out.exit_code
    );
    if !out.stdout.is_empty() {
        assert!(out.stdout.starts_with('{') && out.stdout.ends_with('}'));
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(v["hookSpecificOutput"]["hookEventName"].is_string());
    }
    assert!(out.stderr.is_empty() || out.stderr.ends_with('\n'));
}

#[test]
fn every_fixture_answers_exactly() {
    let mut names: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 25, "fixtures missing");
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let out = handle_event(&bytes, &mut ctx());
        assert_protocol(&out);
        insta::assert_json_snapshot!(name, golden(&out));
    }
}

fn event(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(format!("{name}.json"))).unwrap()
}

#[test]
fn prompts_and_history_reach_the_judge() {
    let mut ctx = ctx();
    for name in [
        "session-start",
        "user-prompt-submit",
        "pre-read",
        "pre-bash",
    ] {
        let out = handle_event(&event(name), &mut ctx);
        assert_protocol(&out);
        if name == "pre-bash" {
            insta::assert_json_snapshot!("session-sequence", golden(&out));
        }
    }
}

#[test]
fn injected_output_taints_the_session() {
    let mut ctx = ctx();
    handle_event(&event("user-prompt-submit"), &mut ctx);
    let out = handle_event(&event("post-webfetch-injection"), &mut ctx);
    assert!(out.stdout.contains("data, not instructions from the user"));
    assert!(out.stdout.contains("the parser tests are failing"));
    let out = handle_event(&event("pre-bash"), &mut ctx);
    assert!(!out.stdout.contains("suspects=0"), "{}", out.stdout);
}

fn bash(command: &str) -> Vec<u8> {
    serde_json::json!({
        "session_id": "limits", "cwd": "/home/dev/p", "hook_event_name": "PreToolUse",
        "tool_name": "Bash", "tool_input": {"command": command}, "tool_use_id": "toolu_x"
    })
    .to_string()
    .into_bytes()
}

fn decision(out: &HookOutput) -> String {
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    v["hookSpecificOutput"]["permissionDecision"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn repeated_denials_become_ask() {
    let mut ctx = ctx();
    let got: Vec<String> = (0..5)
        .map(|_| decision(&handle_event(&bash("rm -rf /tmp/x"), &mut ctx)))
        .collect();
    assert_eq!(got, ["deny", "deny", "deny", "ask", "ask"]);
    // An allowed call breaks the run.
    assert_eq!(decision(&handle_event(&bash("ls"), &mut ctx)), "allow");
    assert_eq!(
        decision(&handle_event(&bash("rm -rf /tmp/x"), &mut ctx)),
        "deny"
    );
}

#[test]
fn twenty_denials_in_a_session_become_ask() {
    let mut ctx = ctx();
    let mut asks = 0;
    for i in 0..24 {
        let out = handle_event(&bash("rm -rf /tmp/x"), &mut ctx);
        if decision(&out) == "ask" {
            asks += 1;
        }
        if i % 3 == 1 {
            handle_event(&bash("ls"), &mut ctx);
        }
    }
    assert_eq!(asks, 4, "denials 21..24 are asked");
}

#[test]
fn a_panicking_judge_is_ask_not_a_crash() {
    let mut ctx = ctx();
    ctx.judge = Box::new(|_, _| panic!("boom"));
    let out = handle_event(&event("pre-bash"), &mut ctx);
    assert_eq!(decision(&out), "ask");
    assert_eq!(out.exit_code, 0);
    ctx.screen = Box::new(|_| panic!("boom"));
    let out = handle_event(&event("post-bash-clean"), &mut ctx);
    assert!(out.stdout.contains("could not screen"));
}

#[test]
fn no_session_memory_still_answers() {
    let mut ctx = ctx();
    ctx.log = None;
    let out = handle_event(&event("pre-bash"), &mut ctx);
    assert_eq!(decision(&out), "allow");
}

#[test]
fn a_store_fault_never_allows() {
    let mut ctx = ctx();
    ctx.log = None;
    ctx.memory_fault = Some("cannot open /x/belay.db: read-only".into());
    let out = handle_event(&event("pre-read"), &mut ctx);
    assert_eq!(decision(&out), "ask");
    assert!(
        out.stdout.contains("belay.store-unavailable"),
        "{}",
        out.stdout
    );
    // Denials stay denials.
    let out = handle_event(&bash("rm -rf /tmp/x"), &mut ctx);
    assert_eq!(decision(&out), "deny");
}

#[test]
fn the_store_keeps_the_session_between_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("belay.db");
    let open = || {
        let mut ctx = ctx();
        let store = belay_store::Store::open(&db).unwrap();
        ctx.log = Some(Box::new(belay::memory::StoreLog::new(store)));
        ctx
    };
    // Each event in a fresh context, as each hook is a fresh process.
    handle_event(&event("session-start"), &mut open());
    handle_event(&event("user-prompt-submit"), &mut open());
    // A write leaves a fact behind (the file and its content); a read would leave nothing
    // and is not loaded for the rules.
    handle_event(&event("pre-write"), &mut open());
    handle_event(&event("pre-read"), &mut open());
    handle_event(&event("post-webfetch-injection"), &mut open());
    let out = handle_event(&event("pre-bash"), &mut open());
    assert!(out.stdout.contains("prompts=1"), "{}", out.stdout);
    assert!(out.stdout.contains("history=1"), "{}", out.stdout);
    assert!(!out.stdout.contains("suspects=0"), "{}", out.stdout);
    let got: Vec<String> = (0..4)
        .map(|_| decision(&handle_event(&bash("rm -rf /tmp/x"), &mut open())))
        .collect();
    assert_eq!(got, ["deny", "deny", "deny", "ask"]);
    let store = belay_store::Store::open(&db).unwrap();
    let calls = store
        .query_calls(&belay_store::CallFilter::default())
        .unwrap();
    assert_eq!(calls.len(), 7);
}

#[test]
fn prompts_fall_back_to_the_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("t.jsonl");
    std::fs::write(
        &transcript,
        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"clean the build\"}}\n",
    )
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&event("pre-bash")).unwrap();
    v["transcript_path"] = serde_json::json!(transcript);
    let mut ctx = ctx();
    ctx.read_transcript = true;
    let out = handle_event(v.to_string().as_bytes(), &mut ctx);
    assert!(
        out.stdout.contains("last_prompt=\\\"clean the build\\\""),
        "{}",
        out.stdout
    );
}

#[test]
fn oversize_input_is_ask_for_pre_tool_use() {
    let prefix =
        br#"{"session_id":"s","hook_event_name": "PreToolUse","tool_input":{"content":"aaaa"#;
    let out = handle_oversize(prefix);
    assert_eq!(decision(&out), "ask");
    let out = handle_oversize(br#"{"hook_event_name":"PostToolUse","#);
    assert!(out.stdout.contains("too large"));
    let out = handle_oversize(b"aaaa");
    assert_eq!(out.exit_code, 2);
}
