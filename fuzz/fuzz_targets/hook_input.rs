//! Fuzzes the whole hook path of every agent (`belay::hook::handle_agent_event` with the real
//! judge and screen and an in-memory session log): whatever the bytes, it must answer without
//! panicking, with exit code 0 or 2 and JSON (or nothing) on stdout, and a PreToolUse it cannot
//! read must never come out as allow.
//!
//! The first byte picks the agent; the rest is the hook input. Successive events of one run share
//! nothing (a fresh session log per input), so a crash replays from its file alone.
#![no_main]

use belay::hook::{Context, MemoryLog, handle_agent_event};
use belay_action::Decision;
use belay_agents::{Agent, EventKind, adapter};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let agent = Agent::ALL[usize::from(pick) % Agent::ALL.len()];
    let adapter = adapter(agent);
    let mut ctx = Context::new(
        Some(Box::new(MemoryLog::default())),
        PathBuf::from("/home/dev"),
    );
    // Never open files the input names.
    ctx.read_transcript = false;
    let out = handle_agent_event(adapter, bytes, &mut ctx);

    assert!(
        out.exit_code == 0 || out.exit_code == 2,
        "exit code {}",
        out.exit_code
    );
    if !out.stdout.is_empty() {
        serde_json::from_str::<serde_json::Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", out.stdout));
    }
    match adapter.parse(bytes) {
        Ok(event) => {
            if adapter.kind(&event.common().hook_event_name) == EventKind::PreToolUse
                && event.action().is_some()
            {
                assert!(
                    out.verdict.is_some(),
                    "a readable PreToolUse must be judged"
                );
            }
        }
        Err(failure) => {
            let name = failure.event.clone().or_else(|| adapter.sniff(bytes));
            match name {
                Some(name) if adapter.kind(&name) == EventKind::PreToolUse => {
                    let verdict = out
                        .verdict
                        .as_ref()
                        .expect("an unreadable PreToolUse is answered");
                    assert_ne!(
                        verdict.decision,
                        Decision::Allow,
                        "unreadable PreToolUse allowed"
                    );
                    let allow = adapter.pre_tool_use(&name, Decision::Allow, &verdict.message());
                    assert!(
                        allow.stdout != out.stdout || allow.exit_code != out.exit_code,
                        "unreadable PreToolUse answered like an allow"
                    );
                }
                Some(_) => {}
                None => {
                    let blocking = adapter.unreadable();
                    assert_eq!(out.stdout, blocking.stdout, "unreadable input must block");
                    assert_eq!(out.exit_code, blocking.exit_code);
                }
            }
        }
    }
});
