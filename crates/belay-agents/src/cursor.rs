//! Cursor's hook protocol (`shared/hook-protocols.md` §5): one event per process, named in
//! `hook_event_name`, with `conversation_id` for the session and `workspace_roots` for the
//! project.
//!
//! Events: `sessionStart`; `beforeSubmitPrompt` (the user's prompt); `beforeShellExecution`
//! (`command`, `cwd` → `Bash`), `beforeMCPExecution` (`tool_name`, `tool_input` as an object or a
//! JSON string → `mcp__unknown__<tool_name>`: Cursor does not say which server, and an unknown
//! server is never a trusted one), `beforeReadFile` (`file_path` → `Read`) and the generic `preToolUse` (`Shell` → `Bash`, `Read` → `Read`,
//! `Write` → `Write`, `Edit`/`StrReplace` → `Edit`; other tools keep their names) before a call;
//! `postToolUse`, `afterShellExecution`, `afterMCPExecution` after one.
//!
//! Answers (exit 0):
//! - permission events: `{"permission":"allow"|"deny"|"ask","user_message":"…",
//!   "agent_message":"…"}` (`ask` is native); `beforeReadFile` takes `permission` alone and **cannot ask, so ask is
//!   deny there** (the read is refused; the agent sees no reason);
//! - a post-tool warning: `{"additional_context":"…"}` on `postToolUse`; `afterShellExecution`
//!   and `afterMCPExecution` are fire-and-forget (`{}`), so there the warning only taints the
//!   session;
//! - `beforeSubmitPrompt`: `{"continue":true}`; other events `{}`;
//! - unreadable input: exit 2, which Cursor treats as deny. `belay install cursor` sets
//!   `failClosed: true` on the permission hooks so that a crash or timeout blocks too.

use crate::adapter::{Adapter, Answer};
use crate::claude_code::{MAX_CONTEXT_CHARS, truncate_chars, validate_tool_input};
use crate::event::{Agent, Common, Event, EventKind, ParseFailure, ProtocolError};
use crate::tools;
use belay_action::Decision;
use serde_json::{Map, Value, json};
use std::path::PathBuf;

fn event_kind(name: &str) -> EventKind {
    match name {
        "sessionStart" => EventKind::SessionStart,
        "beforeSubmitPrompt" => EventKind::UserPrompt,
        "preToolUse" | "beforeShellExecution" | "beforeMCPExecution" | "beforeReadFile" => {
            EventKind::PreToolUse
        }
        "postToolUse" | "afterShellExecution" | "afterMCPExecution" => EventKind::PostToolUse,
        _ => EventKind::Other,
    }
}

struct Obj<'a> {
    obj: &'a Map<String, Value>,
    event: &'a str,
}

impl Obj<'_> {
    fn str(&self, field: &'static str) -> Result<Option<String>, ProtocolError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ProtocolError::WrongType {
                event: self.event.into(),
                field,
                expected: "a string",
            }),
        }
    }

    fn req_str(&self, field: &'static str) -> Result<String, ProtocolError> {
        self.str(field)?.ok_or_else(|| ProtocolError::MissingField {
            event: self.event.into(),
            field,
        })
    }

    /// `tool_input`: an object, or a string holding one.
    fn tool_input(&self) -> Result<Value, ProtocolError> {
        match self.obj.get("tool_input") {
            None | Some(Value::Null) => Err(ProtocolError::MissingField {
                event: self.event.into(),
                field: "tool_input",
            }),
            Some(Value::String(s)) => {
                serde_json::from_str(s).map_err(|_| ProtocolError::WrongType {
                    event: self.event.into(),
                    field: "tool_input",
                    expected: "an object or a JSON string of one",
                })
            }
            Some(v) => Ok(v.clone()),
        }
    }

    fn common(&self, known: bool) -> Result<Common, ProtocolError> {
        let root = match self.obj.get("workspace_roots") {
            Some(Value::Array(roots)) => roots.first().and_then(Value::as_str).map(String::from),
            _ => None,
        };
        let cwd = self.str("cwd")?.filter(|c| !c.is_empty()).or(root);
        let session = self.str("conversation_id")?;
        let (session_id, cwd) = if known {
            (
                session.ok_or_else(|| ProtocolError::MissingField {
                    event: self.event.into(),
                    field: "conversation_id",
                })?,
                cwd.ok_or_else(|| ProtocolError::MissingField {
                    event: self.event.into(),
                    field: "workspace_roots",
                })?,
            )
        } else {
            (session.unwrap_or_default(), cwd.unwrap_or_default())
        };
        Ok(Common {
            session_id,
            transcript_path: None,
            cwd: PathBuf::from(cwd),
            permission_mode: None,
            hook_event_name: self.event.to_string(),
            agent: Agent::Cursor,
        })
    }
}

fn map_tool(tool: &str, input: Value) -> (String, Value) {
    const PATH: &[&str] = &["path", "target_file", "file"];
    let (canonical, input) = match tool {
        "Shell" | "Terminal" => ("Bash", tools::rename(input, &[("command", &["cmd"])])),
        "Read" => ("Read", tools::rename(input, &[("file_path", PATH)])),
        "Write" => (
            "Write",
            tools::rename(
                input,
                &[("file_path", PATH), ("content", &["contents", "text"])],
            ),
        ),
        "Edit" | "StrReplace" | "search_replace" => (
            "Edit",
            tools::rename(
                input,
                &[
                    ("file_path", PATH),
                    ("old_string", &["old_str", "old_text"]),
                    ("new_string", &["new_str", "new_text"]),
                ],
            ),
        ),
        _ => return (tool.to_string(), input),
    };
    (canonical.to_string(), input)
}

fn mcp_name(tool: &str) -> String {
    if tool.starts_with("mcp__") {
        tool.to_string()
    } else {
        format!("mcp__unknown__{tool}")
    }
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
    let Some(Value::String(name)) = obj.get("hook_event_name") else {
        return Err(ParseFailure {
            event: None,
            error: ProtocolError::MissingField {
                event: "hook".into(),
                field: "hook_event_name",
            },
        });
    };
    let name = name.clone();
    let fail = |error| ParseFailure {
        event: Some(name.clone()),
        error,
    };
    let o = Obj {
        obj: &obj,
        event: &name,
    };
    let kind = event_kind(&name);
    let common = o.common(kind != EventKind::Other).map_err(fail)?;
    // Cursor gives no id per tool call (`generation_id` is shared by the calls of one model
    // turn), so pre and post events are not linked by id.
    let tool_use_id = None;
    let (tool_name, tool_input) = match name.as_str() {
        "sessionStart" => {
            return Ok(Event::SessionStart {
                common,
                source: None,
            });
        }
        "beforeSubmitPrompt" => {
            let prompt = o.req_str("prompt").map_err(fail)?;
            return Ok(Event::UserPromptSubmit { common, prompt });
        }
        "beforeShellExecution" | "afterShellExecution" => {
            let command = o.req_str("command").map_err(fail)?;
            ("Bash".to_string(), json!({ "command": command }))
        }
        "beforeReadFile" => {
            let path = o.req_str("file_path").map_err(fail)?;
            ("Read".to_string(), json!({ "file_path": path }))
        }
        "beforeMCPExecution" | "afterMCPExecution" => {
            let tool = o.req_str("tool_name").map_err(fail)?;
            (mcp_name(&tool), o.tool_input().map_err(fail)?)
        }
        "preToolUse" | "postToolUse" => {
            let tool = o.req_str("tool_name").map_err(fail)?;
            map_tool(&tool, o.tool_input().map_err(fail)?)
        }
        _ => return Ok(Event::Other { common }),
    };
    if kind == EventKind::PreToolUse {
        validate_tool_input(&tool_name, &tool_input).map_err(fail)?;
        return Ok(Event::PreToolUse {
            common,
            tool_name,
            tool_input,
            tool_use_id,
        });
    }
    let mut response = Map::new();
    for key in ["output", "tool_output", "result_json", "tool_response"] {
        if let Some(v) = obj.get(key) {
            response.insert(key.into(), v.clone());
        }
    }
    Ok(Event::PostToolUse {
        common,
        tool_name,
        tool_input,
        tool_response: Value::Object(response),
        tool_use_id,
    })
}

/// Cursor's adapter.
pub struct Cursor;

impl Adapter for Cursor {
    fn agent(&self) -> Agent {
        Agent::Cursor
    }

    fn parse(&self, bytes: &[u8]) -> Result<Event, ParseFailure> {
        parse(bytes)
    }

    fn kind(&self, event_name: &str) -> EventKind {
        event_kind(event_name)
    }

    fn pre_tool_use(&self, event_name: &str, decision: Decision, reason: &str) -> Answer {
        if event_name == "beforeReadFile" {
            let permission = match decision {
                Decision::Allow => "allow",
                Decision::Ask | Decision::Deny => "deny",
            };
            return Answer::json(json!({ "permission": permission }).to_string());
        }
        let out = match decision {
            Decision::Allow => json!({"permission": "allow"}),
            _ => json!({
                "permission": decision.as_str(),
                "user_message": reason,
                "agent_message": reason,
            }),
        };
        Answer::json(out.to_string())
    }

    fn post_tool_use(&self, event_name: &str, warning: &str) -> Answer {
        if event_name == "postToolUse" {
            let out = json!({"additional_context": truncate_chars(warning, MAX_CONTEXT_CHARS)});
            return Answer::json(out.to_string());
        }
        self.nothing(event_name)
    }

    fn nothing(&self, event_name: &str) -> Answer {
        if event_name == "beforeSubmitPrompt" {
            return Answer::json(r#"{"continue":true}"#.into());
        }
        Answer::json("{}".into())
    }
}
