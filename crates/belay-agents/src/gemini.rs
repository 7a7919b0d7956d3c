//! Google Gemini CLI's hook protocol (`shared/hook-protocols.md` §4): snake_case payloads like
//! Claude Code's, with its own event names — `SessionStart`, `BeforeAgent` (the user's prompt),
//! `BeforeTool`, `AfterTool`.
//!
//! Tools: `run_shell_command` → `Bash` (its `dir_path`/`directory` moves the call's cwd),
//! `write_file` → `Write`, `replace` → `Edit`, `read_file` → `Read` (`absolute_path`/`path` →
//! `file_path`), `list_directory` → `LS`, `glob` → `Glob`, `search_file_content`/`grep_search`
//! → `Grep`, `google_web_search` → `WebSearch`, and `web_fetch` → `WebFetch` when its prompt
//! names exactly one URL. MCP tools are `mcp__server__tool` already. Anything else keeps its own
//! name. Gemini's transcript is not Claude Code's, so it is not read.
//!
//! Answers (exit 0, JSON only on stdout):
//! - allow: `{"decision":"allow"}`; deny: `{"decision":"deny","reason":"…"}` (the reason goes
//!   to the agent as the tool's error);
//! - **ask: Gemini's documented decisions are only allow and deny, so ask is that deny, its
//!   reason telling the agent to stop and ask the user**;
//! - a post-tool warning: `{"hookSpecificOutput":{"hookEventName":"AfterTool",
//!   "additionalContext":"…"}}` (appended to the tool result);
//! - other events: `{}`; unreadable input: exit 2, reason on stderr (Gemini blocks on that).

use crate::adapter::{Adapter, Answer, ask_as_deny};
use crate::claude_code::{self, Dialect, MAX_CONTEXT_CHARS, truncate_chars};
use crate::event::{Agent, Event, EventKind, ParseFailure};
use crate::tools;
use belay_action::Decision;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn event_kind(name: &str) -> EventKind {
    match name {
        "SessionStart" => EventKind::SessionStart,
        "BeforeAgent" => EventKind::UserPrompt,
        "BeforeTool" => EventKind::PreToolUse,
        "AfterTool" => EventKind::PostToolUse,
        _ => EventKind::Other,
    }
}

const DIALECT: Dialect = Dialect {
    agent: Agent::Gemini,
    kind: event_kind,
    map_tool,
    claude_transcript: false,
};

const DIR_KEYS: &[&str] = &["dir_path", "directory"];

fn map_tool(tool: &str, input: Value, cwd: &Path) -> (String, Value, Option<PathBuf>) {
    let (canonical, input) = match tool {
        "run_shell_command" => {
            let dir = tools::call_cwd(&input, DIR_KEYS, cwd);
            return ("Bash".into(), input, dir);
        }
        "write_file" => ("Write", input),
        "replace" => ("Edit", input),
        "read_file" => (
            "Read",
            tools::rename(input, &[("file_path", &["absolute_path", "path"])]),
        ),
        "list_directory" => ("LS", tools::rename(input, &[("path", &["dir_path"])])),
        "glob" => ("Glob", tools::rename(input, &[("path", &["dir_path"])])),
        "search_file_content" | "grep_search" => {
            ("Grep", tools::rename(input, &[("path", &["dir_path"])]))
        }
        "google_web_search" => ("WebSearch", input),
        "web_fetch" => {
            let prompt = input.get("prompt").and_then(Value::as_str).unwrap_or("");
            match tools::urls(prompt)[..] {
                [url] => {
                    let mut input = input.clone();
                    if let Value::Object(obj) = &mut input {
                        obj.insert("url".into(), Value::String(url.to_string()));
                    }
                    ("WebFetch", input)
                }
                _ => return (tool.into(), input, None),
            }
        }
        _ => return (tool.into(), input, None),
    };
    (canonical.into(), input, None)
}

/// Gemini CLI's adapter.
pub struct Gemini;

impl Adapter for Gemini {
    fn agent(&self) -> Agent {
        Agent::Gemini
    }

    fn parse(&self, bytes: &[u8]) -> Result<Event, ParseFailure> {
        claude_code::parse_snake(bytes, &DIALECT)
    }

    fn kind(&self, event_name: &str) -> EventKind {
        event_kind(event_name)
    }

    fn pre_tool_use(&self, _event_name: &str, decision: Decision, reason: &str) -> Answer {
        let out = match decision {
            Decision::Allow => json!({"decision": "allow"}),
            Decision::Deny => json!({"decision": "deny", "reason": reason}),
            Decision::Ask => json!({"decision": "deny", "reason": ask_as_deny(reason)}),
        };
        Answer::json(out.to_string())
    }

    fn post_tool_use(&self, _event_name: &str, warning: &str) -> Answer {
        let out = json!({"hookSpecificOutput": {
            "hookEventName": "AfterTool",
            "additionalContext": truncate_chars(warning, MAX_CONTEXT_CHARS),
        }});
        Answer::json(out.to_string())
    }

    fn nothing(&self, _event_name: &str) -> Answer {
        Answer::json("{}".into())
    }
}
