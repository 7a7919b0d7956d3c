//! GitHub Copilot CLI's hook protocol (`shared/hook-protocols.md` §6, GitHub's CLI hooks
//! reference). Two payload formats, chosen by how the hook file spells the event:
//! - camelCase events (`preToolUse`, ...): `{sessionId, timestamp, cwd, toolName, toolArgs}`
//!   with **no event name**: belay tells the event by its fields (`toolResult` → postToolUse,
//!   `error` with `toolName` → postToolUseFailure, `toolName` → preToolUse, `prompt` →
//!   userPromptSubmitted, `source` → sessionStart). `toolArgs` is a JSON string or an object.
//! - PascalCase events (`PreToolUse`, ..., VS Code compatible): snake_case fields with
//!   `hook_event_name`, `session_id`, `tool_name`, `tool_input`, `tool_result`.
//!
//! Older releases send no session id; then the session is the working directory
//! (`copilot:<cwd>`), which only makes belay remember more, never less.
//!
//! Tools: `bash`/`powershell` → `Bash`/`PowerShell`, `view` → `Read`, `create` → `Write`
//! (`path`, `file_text`), `edit` → `Edit` (`path`, `old_str`, `new_str`), `glob` → `Glob`,
//! `grep` → `Grep`, `web_fetch` → `WebFetch`, `task` → `Agent`, `ask_user` →
//! `AskUserQuestion`; others keep their names.
//!
//! Answers (exit 0): `{"permissionDecision":"allow"|"deny"|"ask","permissionDecisionReason":"…"}`
//! (`ask` is native). Copilot ignores the output of command hooks after a tool ran, so a
//! post-tool warning cannot reach the agent: belay prints nothing and only taints the session.
//! Copilot treats any non-zero exit as a failed hook and runs the tool, so **input belay cannot
//! read is answered with an `ask` on stdout and exit 0**, never with exit 2.

use crate::adapter::{Adapter, Answer, has_key, sniff_string};
use crate::claude_code::validate_tool_input;
use crate::event::{Agent, Common, Event, EventKind, ParseFailure, ProtocolError};
use crate::tools;
use belay_action::Decision;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

fn event_kind(name: &str) -> EventKind {
    match name {
        "sessionStart" | "SessionStart" => EventKind::SessionStart,
        "userPromptSubmitted" | "UserPromptSubmit" => EventKind::UserPrompt,
        "preToolUse" | "PreToolUse" => EventKind::PreToolUse,
        "postToolUse" | "PostToolUse" => EventKind::PostToolUse,
        _ => EventKind::Other,
    }
}

/// The field names of one payload format.
struct Names {
    session: &'static str,
    tool: &'static str,
    args: &'static str,
    result: &'static str,
}

const CAMEL: Names = Names {
    session: "sessionId",
    tool: "toolName",
    args: "toolArgs",
    result: "toolResult",
};

const SNAKE: Names = Names {
    session: "session_id",
    tool: "tool_name",
    args: "tool_input",
    result: "tool_result",
};

/// The camelCase event a payload without `hook_event_name` is.
fn infer_event(obj: &Map<String, Value>) -> &'static str {
    let has = |k: &str| obj.get(k).is_some_and(|v| !v.is_null());
    if has("toolResult") {
        "postToolUse"
    } else if has("toolName") && has("error") {
        "postToolUseFailure"
    } else if has("toolName") {
        "preToolUse"
    } else if has("prompt") {
        "userPromptSubmitted"
    } else if has("source") {
        "sessionStart"
    } else {
        "unknown"
    }
}

fn map_tool(tool: &str, input: Value) -> (String, Value) {
    let (canonical, input) = match tool {
        "bash" => ("Bash", input),
        "powershell" => ("PowerShell", input),
        "view" => ("Read", tools::rename(input, &[("file_path", &["path"])])),
        "create" => (
            "Write",
            tools::rename(
                input,
                &[("file_path", &["path"]), ("content", &["file_text"])],
            ),
        ),
        "edit" => (
            "Edit",
            tools::rename(
                input,
                &[
                    ("file_path", &["path"]),
                    ("old_string", &["old_str"]),
                    ("new_string", &["new_str"]),
                ],
            ),
        ),
        "glob" => ("Glob", input),
        "grep" => ("Grep", input),
        "web_fetch" => ("WebFetch", input),
        "task" => ("Agent", input),
        "ask_user" => ("AskUserQuestion", input),
        _ => return (tool.to_string(), input),
    };
    (canonical.to_string(), input)
}

fn parse(bytes: &[u8]) -> Result<Event, ParseFailure> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| ParseFailure {
        event: None,
        error: ProtocolError::NotJson(e.to_string()),
    })?;
    let Value::Object(obj) = value else {
        return Err(ParseFailure {
            event: None,
            error: ProtocolError::NotObject,
        });
    };
    let (name, names) = match obj.get("hook_event_name") {
        Some(Value::String(n)) => (n.clone(), &SNAKE),
        _ => (infer_event(&obj).to_string(), &CAMEL),
    };
    let fail = |error| ParseFailure {
        event: Some(name.clone()),
        error,
    };
    let missing = |field: &'static str| ProtocolError::MissingField {
        event: name.clone(),
        field,
    };
    let str_field = |field: &'static str| -> Result<Option<String>, ProtocolError> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ProtocolError::WrongType {
                event: name.clone(),
                field,
                expected: "a string",
            }),
        }
    };
    let kind = event_kind(&name);
    let cwd = str_field("cwd").map_err(fail)?;
    let cwd = match cwd {
        Some(cwd) => cwd,
        None if kind == EventKind::Other => String::new(),
        None => return Err(fail(missing("cwd"))),
    };
    let session_id = str_field(names.session)
        .map_err(fail)?
        .unwrap_or_else(|| format!("copilot:{cwd}"));
    let common = Common {
        session_id,
        transcript_path: None,
        cwd: PathBuf::from(cwd),
        permission_mode: None,
        hook_event_name: name.clone(),
        agent: Agent::Copilot,
    };
    match kind {
        EventKind::SessionStart => {
            let source = str_field("source").map_err(fail)?;
            Ok(Event::SessionStart { common, source })
        }
        EventKind::UserPrompt => {
            let prompt = str_field("prompt").map_err(fail)?;
            let prompt = prompt.ok_or_else(|| fail(missing("prompt")))?;
            Ok(Event::UserPromptSubmit { common, prompt })
        }
        EventKind::PreToolUse | EventKind::PostToolUse => {
            let tool = str_field(names.tool).map_err(fail)?;
            let tool = tool.ok_or_else(|| fail(missing(names.tool)))?;
            let args = match obj.get(names.args) {
                None | Some(Value::Null) => return Err(fail(missing(names.args))),
                Some(Value::String(s)) => serde_json::from_str(s).map_err(|_| {
                    fail(ProtocolError::WrongType {
                        event: name.clone(),
                        field: names.args,
                        expected: "a JSON object (or a string holding one)",
                    })
                })?,
                Some(v) => v.clone(),
            };
            let (tool_name, tool_input) = map_tool(&tool, args);
            if kind == EventKind::PreToolUse {
                validate_tool_input(&tool_name, &tool_input).map_err(fail)?;
                return Ok(Event::PreToolUse {
                    common,
                    tool_name,
                    tool_input,
                    tool_use_id: None,
                });
            }
            Ok(Event::PostToolUse {
                common,
                tool_name,
                tool_input,
                tool_response: obj.get(names.result).cloned().unwrap_or(Value::Null),
                tool_use_id: None,
            })
        }
        EventKind::Other => Ok(Event::Other { common }),
    }
}

/// Copilot CLI's adapter.
pub struct Copilot;

impl Adapter for Copilot {
    fn agent(&self) -> Agent {
        Agent::Copilot
    }

    fn parse(&self, bytes: &[u8]) -> Result<Event, ParseFailure> {
        parse(bytes)
    }

    fn kind(&self, event_name: &str) -> EventKind {
        event_kind(event_name)
    }

    fn sniff(&self, bytes: &[u8]) -> Option<String> {
        if let Some(name) = sniff_string(bytes, "hook_event_name") {
            return Some(name);
        }
        if has_key(bytes, "toolResult") {
            Some("postToolUse".into())
        } else if has_key(bytes, "toolName") {
            Some("preToolUse".into())
        } else {
            None
        }
    }

    fn pre_tool_use(&self, _event_name: &str, decision: Decision, reason: &str) -> Answer {
        let out = json!({
            "permissionDecision": decision.as_str(),
            "permissionDecisionReason": reason,
        });
        Answer::json(out.to_string())
    }

    fn post_tool_use(&self, event_name: &str, _warning: &str) -> Answer {
        self.nothing(event_name)
    }

    fn nothing(&self, _event_name: &str) -> Answer {
        Answer::default()
    }

    fn unreadable(&self) -> Answer {
        let out = json!({
            "permissionDecision": "ask",
            "permissionDecisionReason": "[belay: hook.malformed] belay could not read this hook event; the user decides",
        });
        Answer::json(out.to_string())
    }
}
