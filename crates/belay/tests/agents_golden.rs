//! Golden tests of the Codex, Gemini, Cursor and Copilot hooks: real-shaped payloads of each
//! agent, played in order through one session (so prompts and taint carry), the exact stdout and
//! exit code of each in one insta snapshot per agent. The judge and screen are deterministic stubs
//! (as in `hook_golden.rs`), so the snapshots pin the protocols, not the engine's opinions.

use belay::hook::{Context, HookOutput, MemoryLog, handle_agent_event, handle_oversize_for};
use belay::screen::{Finding, Screening};
use belay_action::{Action, Category, Decision, Session, Severity, Verdict};
use belay_agents::{Agent, adapter};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Says what it was given, so the snapshot shows the Action (tool, cwd, input) the adapter built.
fn stub_judge(action: &Action, session: &Session) -> Verdict {
    let seen = format!(
        "tool={} cwd={} input={} prompts={} suspects={}",
        action.tool,
        action.cwd.display(),
        action.input,
        session.prompts.len(),
        session.suspects.len(),
    );
    let command = action.input.get("command").and_then(|c| c.as_str());
    match action.tool.as_str() {
        "Bash" if command.is_some_and(|c| c.contains("rm -rf")) => Verdict {
            decision: Decision::Deny,
            rule: Some("stub.rm".into()),
            category: Category::DestroyLocal,
            severity: Some(Severity::Soft),
            reason: format!("recursive delete ({seen})"),
            effects: vec![],
        },
        "Read" | "Write" | "Edit" | "Bash" | "LS" | "Glob" | "Grep" | "WebFetch" => {
            Verdict::allow(format!("ok ({seen})"))
        }
        _ => Verdict {
            decision: Decision::Ask,
            rule: Some("stub.ask".into()),
            category: Category::SharedResource,
            severity: Some(Severity::Soft),
            reason: format!("the user decides ({seen})"),
            effects: vec![],
        },
    }
}

fn stub_screen(text: &str) -> Screening {
    const MARK: &str = "IGNORE PREVIOUS INSTRUCTIONS";
    if !text.contains(MARK) {
        return Screening::default();
    }
    Screening {
        is_injection: true,
        score: 0.97,
        findings: vec![Finding {
            kind: "instruction-override".into(),
            excerpt: MARK.into(),
            score: 0.97,
        }],
        targets: text
            .split_whitespace()
            .filter(|w| w.starts_with("https://"))
            .map(str::to_string)
            .collect(),
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
    ctx.read_transcript = false;
    ctx
}

/// The cases of an agent: `payload` (JSON) or `raw` (bytes as they come, for malformed input).
fn cases(agent: &str) -> Vec<(String, Vec<u8>)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../belay-agents/tests/fixtures/agents")
        .join(format!("{agent}.json"));
    let list: Vec<Value> = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    list.into_iter()
        .map(|case| {
            let name = case["name"].as_str().unwrap().to_string();
            let bytes = match &case["raw"] {
                Value::String(raw) => raw.clone().into_bytes(),
                _ => case["payload"].to_string().into_bytes(),
            };
            (name, bytes)
        })
        .collect()
}

fn golden(name: &str, out: &HookOutput) -> Value {
    serde_json::json!({
        "case": name,
        "stdout": out.stdout,
        "exit_code": out.exit_code,
        "stderr": out.stderr,
    })
}

fn run(agent: Agent) -> Vec<(String, HookOutput)> {
    let mut ctx = ctx();
    cases(agent.as_str())
        .into_iter()
        .map(|(name, bytes)| {
            let out = handle_agent_event(adapter(agent), &bytes, &mut ctx);
            assert!(out.exit_code == 0 || out.exit_code == 2, "{name}");
            if !out.stdout.is_empty() {
                serde_json::from_str::<Value>(&out.stdout)
                    .unwrap_or_else(|e| panic!("{name}: stdout is not JSON ({e})"));
            }
            (name, out)
        })
        .collect()
}

fn snapshot(agent: Agent) -> Vec<(String, HookOutput)> {
    let outs = run(agent);
    let all: Vec<Value> = outs.iter().map(|(n, o)| golden(n, o)).collect();
    insta::assert_json_snapshot!(agent.as_str(), all);
    outs
}

fn stdout_of<'a>(outs: &'a [(String, HookOutput)], name: &str) -> &'a HookOutput {
    &outs.iter().find(|(n, _)| n == name).unwrap().1
}

/// What the stub judge saw (allow answers carry no reason on the wire).
fn reason(out: &HookOutput) -> String {
    out.verdict
        .as_ref()
        .map(|v| v.reason.clone())
        .unwrap_or_default()
}

#[test]
fn codex_answers_exactly_and_never_asks_or_bare_allows() {
    let outs = snapshot(Agent::Codex);
    for (name, out) in &outs {
        assert!(!out.stdout.contains("\"ask\""), "{name}: {}", out.stdout);
        assert!(!out.stdout.contains("\"allow\""), "{name}: {}", out.stdout);
        if out.exit_code == 2 {
            assert!(!out.stderr.trim().is_empty(), "{name}: exit 2 needs stderr");
        }
    }
    assert_eq!(stdout_of(&outs, "pre-bash").stdout, "{}");
    let ask = stdout_of(&outs, "pre-mcp-ask");
    assert!(ask.stdout.contains("\"deny\"") && ask.stdout.contains("ask the user"));
    assert_eq!(
        ask.verdict.as_ref().map(|v| v.decision),
        Some(Decision::Ask),
        "the log keeps the real verdict"
    );
    let malformed = stdout_of(&outs, "malformed-truncated");
    assert!(
        malformed.stdout.contains("\"deny\""),
        "{}",
        malformed.stdout
    );
}

#[test]
fn gemini_answers_exactly_and_ask_is_deny() {
    let outs = snapshot(Agent::Gemini);
    for (name, out) in &outs {
        assert!(!out.stdout.contains("\"ask\""), "{name}: {}", out.stdout);
    }
    let shell = reason(stdout_of(&outs, "before-shell"));
    assert!(
        shell.contains("tool=Bash cwd=/home/dev/projects/ledger-rs/crates/parser"),
        "{shell}"
    );
    assert!(
        stdout_of(&outs, "after-tool-injection")
            .stdout
            .contains("additionalContext")
    );
}

#[test]
fn cursor_answers_exactly() {
    let outs = snapshot(Agent::Cursor);
    let v: Value =
        serde_json::from_str(&stdout_of(&outs, "before-mcp-string-input").stdout).unwrap();
    assert_eq!(v["permission"], "ask");
    let v: Value = serde_json::from_str(&stdout_of(&outs, "before-shell-rm").stdout).unwrap();
    assert_eq!(v["permission"], "deny");
    assert_eq!(stdout_of(&outs, "malformed-not-json").exit_code, 2);
}

#[test]
fn copilot_answers_exactly_and_never_exits_2() {
    let outs = snapshot(Agent::Copilot);
    for (name, out) in &outs {
        assert_eq!(out.exit_code, 0, "{name}: Copilot ignores exit 2");
    }
    for name in [
        "malformed-truncated",
        "malformed-tool-args",
        "malformed-not-json",
    ] {
        let v: Value = serde_json::from_str(&stdout_of(&outs, name).stdout).unwrap();
        assert_eq!(v["permissionDecision"], "ask", "{name}");
    }
}

#[test]
fn prompts_and_taint_carry_across_events_for_every_agent() {
    for (agent, pre) in [
        (Agent::Codex, "pre-bash"),
        (Agent::Gemini, "before-shell"),
        (Agent::Cursor, "before-shell"),
        (Agent::Copilot, "pre-bash-args-string"),
    ] {
        let outs = run(agent);
        let seen = reason(stdout_of(&outs, pre));
        assert!(seen.contains("prompts=1"), "{agent:?}: {seen}");
    }
    // After an injected output, later calls of the session carry the suspicion.
    let mut ctx = ctx();
    let cases = cases("gemini");
    let bytes = |n: &str| cases.iter().find(|(name, _)| name == n).unwrap().1.clone();
    let a = adapter(Agent::Gemini);
    handle_agent_event(a, &bytes("after-tool-injection"), &mut ctx);
    let out = handle_agent_event(a, &bytes("before-shell"), &mut ctx);
    let seen = reason(&out);
    assert!(seen.contains("suspects=1"), "{seen}");
}

#[test]
fn oversize_input_fails_closed_for_every_agent() {
    for (agent, prefix) in [
        (
            Agent::Codex,
            r#"{"hook_event_name":"PreToolUse","tool_input":{"command":"aa"#,
        ),
        (
            Agent::Gemini,
            r#"{"hook_event_name":"BeforeTool","tool_input":{"command":"aa"#,
        ),
        (
            Agent::Cursor,
            r#"{"hook_event_name":"beforeShellExecution","command":"aa"#,
        ),
        (
            Agent::Copilot,
            r#"{"sessionId":"s","toolName":"bash","toolArgs":"aa"#,
        ),
    ] {
        let out = handle_oversize_for(adapter(agent), prefix.as_bytes());
        assert_eq!(
            out.verdict.as_ref().map(|v| v.decision),
            Some(Decision::Ask),
            "{agent:?}"
        );
        assert!(
            !out.stdout.contains("\"allow\""),
            "{agent:?}: {}",
            out.stdout
        );
    }
}
