//! OpenAI Codex CLI's hook protocol (`shared/hook-protocols.md` §3): Claude Code's event shape
//! (`hook_event_name`, `session_id`, `cwd`, `tool_name`, `tool_input`), with a stricter output
//! parser.
//!
//! Tools: `Bash` (its `command` may be an argv array: it is joined into one quoted line) stays
//! `Bash`; an `apply_patch` that adds or updates exactly one file becomes `Write` / `Edit`; any
//! other patch, and any tool belay does not know, keeps its own name (the judge asks about it).
//! MCP tools keep their `mcp__server__tool` names. Codex's rollout file is not a Claude Code
//! transcript, so `transcript_path` is not read; intent comes from `UserPromptSubmit`.
//!
//! Answers. Codex rejects `ask`, a bare `allow`, and any field it does not know — and a rejected
//! answer lets the tool run — so:
//! - allow: `{}` (no opinion: Codex's own approval policy applies);
//! - deny: `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny",
//!   "permissionDecisionReason":"…"}}` with a non-empty reason;
//! - **ask: the same deny, its reason telling the agent to stop and ask the user** (Codex hooks
//!   cannot ask);
//! - a post-tool warning: `hookSpecificOutput.additionalContext` on `PostToolUse`;
//! - unreadable input: exit 2 with the reason on stderr (Codex blocks on that).

use crate::adapter::{Adapter, Answer, ask_as_deny};
use crate::claude_code::{self, Dialect, MAX_CONTEXT_CHARS, truncate_chars};
use crate::event::{Agent, Event, EventKind, ParseFailure};
use crate::tools;
use belay_action::Decision;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const DIALECT: Dialect = Dialect {
    agent: Agent::Codex,
    kind: claude_code::event_kind,
    map_tool,
    claude_transcript: false,
};

fn map_tool(tool: &str, input: Value, _cwd: &Path) -> (String, Value, Option<PathBuf>) {
    match tool {
        "Bash" | "shell" | "local_shell" | "exec_command" => {
            let input = tools::rename(input, &[("command", &["cmd"])]);
            ("Bash".into(), tools::command_line(input, "command"), None)
        }
        "apply_patch" => {
            let patch = ["command", "patch", "input"]
                .iter()
                .find_map(|k| input.get(*k).and_then(Value::as_str));
            match patch.and_then(tools::patch_as_file_call) {
                Some((canonical, mapped)) => (canonical.into(), mapped, None),
                None => (tool.into(), input, None),
            }
        }
        _ => (tool.into(), input, None),
    }
}

/// Codex CLI's adapter.
pub struct Codex;

impl Adapter for Codex {
    fn agent(&self) -> Agent {
        Agent::Codex
    }

    fn parse(&self, bytes: &[u8]) -> Result<Event, ParseFailure> {
        claude_code::parse_snake(bytes, &DIALECT)
    }

    fn kind(&self, event_name: &str) -> EventKind {
        claude_code::event_kind(event_name)
    }

    fn pre_tool_use(&self, _event_name: &str, decision: Decision, reason: &str) -> Answer {
        let reason = match decision {
            Decision::Allow => return Answer::json("{}".into()),
            Decision::Deny => reason.to_string(),
            Decision::Ask => ask_as_deny(reason),
        };
        let reason = if reason.trim().is_empty() {
            "belay denied this call".to_string()
        } else {
            reason
        };
        Answer::json(claude_code::pre_tool_use_output(Decision::Deny, &reason))
    }

    fn post_tool_use(&self, _event_name: &str, warning: &str) -> Answer {
        let out = json!({"hookSpecificOutput": {
            "hookEventName": "PostToolUse",
            "additionalContext": truncate_chars(warning, MAX_CONTEXT_CHARS),
        }});
        Answer::json(out.to_string())
    }

    fn nothing(&self, _event_name: &str) -> Answer {
        Answer::default()
    }
}
