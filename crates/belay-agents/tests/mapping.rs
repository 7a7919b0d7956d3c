//! Table of each agent's tool calls and what belay makes of them: the tool name belay judges, the
//! canonical field it reads, and the working directory of the call. Tools without an exact
//! counterpart must keep their own name (so that the judge asks instead of guessing).

use belay_agents::{Agent, Event, adapter};
use serde_json::{Value, json};

struct Case {
    agent: Agent,
    payload: Value,
    tool: &'static str,
    /// (field, value) the mapped input must carry.
    field: Option<(&'static str, Value)>,
    cwd: &'static str,
}

fn gemini(tool: &str, input: Value) -> Value {
    json!({"session_id": "s", "cwd": "/p", "hook_event_name": "BeforeTool",
           "timestamp": "2026-11-26T15:00:00Z", "tool_name": tool, "tool_input": input})
}

fn codex(tool: &str, input: Value) -> Value {
    json!({"session_id": "s", "cwd": "/p", "hook_event_name": "PreToolUse", "turn_id": "t",
           "tool_name": tool, "tool_input": input, "tool_use_id": "c"})
}

fn copilot(tool: &str, args: Value) -> Value {
    json!({"sessionId": "s", "timestamp": 1, "cwd": "/p", "toolName": tool,
           "toolArgs": args.to_string()})
}

fn cursor_pre(tool: &str, input: Value) -> Value {
    json!({"conversation_id": "s", "generation_id": "g", "hook_event_name": "preToolUse",
           "workspace_roots": ["/p"], "tool_name": tool, "tool_input": input})
}

fn cases() -> Vec<Case> {
    use Agent::*;
    let c = |agent, payload, tool, field: Option<(&'static str, Value)>, cwd| Case {
        agent,
        payload,
        tool,
        field,
        cwd,
    };
    vec![
        c(
            Gemini,
            gemini(
                "run_shell_command",
                json!({"command": "ls", "dir_path": "sub"}),
            ),
            "Bash",
            Some(("command", json!("ls"))),
            "/p/sub",
        ),
        c(
            Gemini,
            gemini(
                "run_shell_command",
                json!({"command": "ls", "dir_path": "/abs"}),
            ),
            "Bash",
            None,
            "/abs",
        ),
        c(
            Gemini,
            gemini("write_file", json!({"file_path": "/p/a", "content": "x"})),
            "Write",
            Some(("file_path", json!("/p/a"))),
            "/p",
        ),
        c(
            Gemini,
            gemini(
                "replace",
                json!({"file_path": "/p/a", "old_string": "x", "new_string": "y"}),
            ),
            "Edit",
            Some(("new_string", json!("y"))),
            "/p",
        ),
        c(
            Gemini,
            gemini("read_file", json!({"absolute_path": "/p/a"})),
            "Read",
            Some(("file_path", json!("/p/a"))),
            "/p",
        ),
        c(
            Gemini,
            gemini("list_directory", json!({"dir_path": "/p/src"})),
            "LS",
            Some(("path", json!("/p/src"))),
            "/p",
        ),
        c(
            Gemini,
            gemini("search_file_content", json!({"pattern": "fn"})),
            "Grep",
            None,
            "/p",
        ),
        c(
            Gemini,
            gemini("google_web_search", json!({"query": "serde"})),
            "WebSearch",
            None,
            "/p",
        ),
        c(
            Gemini,
            gemini("web_fetch", json!({"prompt": "read https://a.example/x"})),
            "WebFetch",
            Some(("url", json!("https://a.example/x"))),
            "/p",
        ),
        c(
            Gemini,
            gemini(
                "web_fetch",
                json!({"prompt": "compare https://a.example and https://b.example"}),
            ),
            "web_fetch",
            None,
            "/p",
        ),
        c(
            Gemini,
            gemini("save_memory", json!({"fact": "x"})),
            "save_memory",
            None,
            "/p",
        ),
        c(
            Gemini,
            gemini("mcp__github__create_issue", json!({})),
            "mcp__github__create_issue",
            None,
            "/p",
        ),
        c(
            Codex,
            codex("Bash", json!({"command": ["git", "commit", "-m", "a b"]})),
            "Bash",
            Some(("command", json!("git commit -m 'a b'"))),
            "/p",
        ),
        c(
            Codex,
            codex(
                "apply_patch",
                json!({"command": "*** Begin Patch\n*** Update File: /p/a\n-x\n+y\n*** End Patch"}),
            ),
            "Edit",
            Some(("file_path", json!("/p/a"))),
            "/p",
        ),
        c(
            Codex,
            codex(
                "apply_patch",
                json!({"command": "*** Begin Patch\n*** Delete File: /p/a\n*** End Patch"}),
            ),
            "apply_patch",
            None,
            "/p",
        ),
        c(
            Codex,
            codex("mcp__fs__read", json!({"path": "/p"})),
            "mcp__fs__read",
            None,
            "/p",
        ),
        c(
            Copilot,
            copilot("bash", json!({"command": "ls"})),
            "Bash",
            Some(("command", json!("ls"))),
            "/p",
        ),
        c(
            Copilot,
            copilot("powershell", json!({"command": "dir"})),
            "PowerShell",
            None,
            "/p",
        ),
        c(
            Copilot,
            copilot("view", json!({"path": "/p/a"})),
            "Read",
            Some(("file_path", json!("/p/a"))),
            "/p",
        ),
        c(
            Copilot,
            copilot("create", json!({"path": "/p/a", "file_text": "x"})),
            "Write",
            Some(("content", json!("x"))),
            "/p",
        ),
        c(
            Copilot,
            copilot(
                "edit",
                json!({"path": "/p/a", "old_str": "x", "new_str": "y"}),
            ),
            "Edit",
            Some(("old_string", json!("x"))),
            "/p",
        ),
        c(
            Copilot,
            copilot("web_fetch", json!({"url": "https://a.example"})),
            "WebFetch",
            None,
            "/p",
        ),
        c(
            Copilot,
            copilot("task", json!({"prompt": "review", "description": "r"})),
            "Agent",
            None,
            "/p",
        ),
        c(
            Copilot,
            copilot("github-mcp-server-list_issues", json!({})),
            "github-mcp-server-list_issues",
            None,
            "/p",
        ),
        c(
            Cursor,
            cursor_pre("Shell", json!({"command": "ls"})),
            "Bash",
            None,
            "/p",
        ),
        c(
            Cursor,
            cursor_pre("Write", json!({"path": "/p/a", "contents": "x"})),
            "Write",
            Some(("file_path", json!("/p/a"))),
            "/p",
        ),
        c(
            Cursor,
            cursor_pre(
                "StrReplace",
                json!({"path": "/p/a", "old_string": "x", "new_string": "y"}),
            ),
            "Edit",
            None,
            "/p",
        ),
        c(
            Cursor,
            cursor_pre("Delete", json!({"path": "/p/a"})),
            "Delete",
            None,
            "/p",
        ),
        c(
            Cursor,
            json!({"conversation_id": "s", "hook_event_name": "beforeMCPExecution", "workspace_roots": ["/p"], "tool_name": "list", "tool_input": "{}"}),
            "mcp__unknown__list",
            None,
            "/p",
        ),
        c(
            Cursor,
            json!({"conversation_id": "s", "hook_event_name": "beforeReadFile", "workspace_roots": ["/p"], "file_path": "/p/.env"}),
            "Read",
            Some(("file_path", json!("/p/.env"))),
            "/p",
        ),
    ]
}

#[test]
fn tool_calls_map_onto_belays_vocabulary() {
    for case in cases() {
        let bytes = case.payload.to_string().into_bytes();
        let event = adapter(case.agent)
            .parse(&bytes)
            .unwrap_or_else(|e| panic!("{:?} {}: {e}", case.agent, case.payload));
        let Event::PreToolUse {
            common,
            tool_name,
            tool_input,
            ..
        } = &event
        else {
            panic!("{:?}: not a pre-tool event: {event:?}", case.agent);
        };
        assert_eq!(tool_name, case.tool, "{:?} {}", case.agent, case.payload);
        assert_eq!(common.agent, case.agent);
        assert_eq!(common.cwd.to_str(), Some(case.cwd), "{}", case.payload);
        if let Some((field, value)) = &case.field {
            assert_eq!(&tool_input[*field], value, "{}", case.payload);
        }
    }
}

#[test]
fn only_claude_code_transcripts_are_read() {
    let with_transcript = |agent: Agent, mut payload: Value| {
        payload["transcript_path"] = json!("/t.jsonl");
        adapter(agent)
            .parse(payload.to_string().as_bytes())
            .unwrap()
            .common()
            .transcript_path
            .clone()
    };
    assert!(with_transcript(Agent::Codex, codex("Bash", json!({"command": "ls"}))).is_none());
    assert!(with_transcript(Agent::Gemini, gemini("glob", json!({"pattern": "*"}))).is_none());
    let mut claude = codex("Bash", json!({"command": "ls"}));
    claude.as_object_mut().unwrap().remove("turn_id");
    assert!(with_transcript(Agent::ClaudeCode, claude).is_some());
}

#[test]
fn copilot_tells_camel_case_events_by_their_fields() {
    let kind = |payload: Value| {
        let event = adapter(Agent::Copilot)
            .parse(payload.to_string().as_bytes())
            .unwrap();
        event.common().hook_event_name.clone()
    };
    let base = json!({"sessionId": "s", "timestamp": 1, "cwd": "/p"});
    let with = |k: &str, v: Value| {
        let mut p = base.clone();
        p[k] = v;
        p
    };
    assert_eq!(kind(with("source", json!("new"))), "sessionStart");
    assert_eq!(kind(with("prompt", json!("hi"))), "userPromptSubmitted");
    assert_eq!(kind(with("reason", json!("complete"))), "unknown");
    let mut failure = with("toolName", json!("bash"));
    failure["toolArgs"] = json!("{}");
    failure["error"] = json!("boom");
    assert_eq!(kind(failure), "postToolUseFailure");
}
