//! Claude Code's hook protocol: one JSON event on stdin, one JSON answer on stdout.
//!
//! [`parse_event`] reads the bytes of one hook event into an [`Event`]; [`pre_tool_use_output`]
//! and [`post_tool_use_output`] render the answers Claude Code expects, byte for byte
//! (`shared/hook-protocols.md` §2). Unknown extra fields are accepted everywhere: the protocol
//! grows. Events belay does not handle parse to [`Event::Other`] and get no answer.
//!
//! Parsing fails closed: a missing field or a `tool_input` that does not fit its tool is an error,
//! and [`ParseFailure::event`] says which event it was (when that much could be read) so that the
//! caller can still answer a `PreToolUse` with `ask`.

use crate::adapter::{Adapter, Answer};
use crate::event::{Agent, EventKind};
pub use crate::event::{Common, Event, ParseFailure, ProtocolError};
use belay_action::Decision;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// Claude Code caps `additionalContext` at this many characters.
pub const MAX_CONTEXT_CHARS: usize = 10_000;

/// Reads one hook event. Never panics.
pub fn parse_event(bytes: &[u8]) -> Result<Event, ParseFailure> {
    parse_snake(bytes, &CLAUDE_CODE)
}

/// Claude Code's event names.
pub fn event_kind(name: &str) -> EventKind {
    match name {
        "SessionStart" => EventKind::SessionStart,
        "UserPromptSubmit" => EventKind::UserPrompt,
        "PreToolUse" => EventKind::PreToolUse,
        "PostToolUse" => EventKind::PostToolUse,
        _ => EventKind::Other,
    }
}

/// Maps an agent's tool name and input onto belay's vocabulary, given the event's cwd: the tool,
/// its input, and the call's own working directory when it names one.
pub(crate) type MapTool = fn(&str, Value, &std::path::Path) -> (String, Value, Option<PathBuf>);

/// A hook protocol shaped like Claude Code's (snake_case fields, `hook_event_name`,
/// `tool_name`/`tool_input`): Claude Code itself, Codex CLI and Gemini CLI.
pub(crate) struct Dialect {
    pub agent: Agent,
    pub kind: fn(&str) -> EventKind,
    pub map_tool: MapTool,
    /// Whether `transcript_path` is a Claude Code transcript (the only format belay reads).
    pub claude_transcript: bool,
}

fn identity(tool: &str, input: Value, _cwd: &std::path::Path) -> (String, Value, Option<PathBuf>) {
    (tool.to_string(), input, None)
}

const CLAUDE_CODE: Dialect = Dialect {
    agent: Agent::ClaudeCode,
    kind: event_kind,
    map_tool: identity,
    claude_transcript: true,
};

pub(crate) fn parse_snake(bytes: &[u8], dialect: &Dialect) -> Result<Event, ParseFailure> {
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
    let event_name = match obj.get("hook_event_name") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(ParseFailure {
                event: None,
                error: ProtocolError::WrongType {
                    event: "hook".into(),
                    field: "hook_event_name",
                    expected: "a string",
                },
            });
        }
        None => {
            return Err(ParseFailure {
                event: None,
                error: ProtocolError::MissingField {
                    event: "hook".into(),
                    field: "hook_event_name",
                },
            });
        }
    };
    let fail = |error| ParseFailure {
        event: Some(event_name.clone()),
        error,
    };
    let fields = Fields {
        obj: &obj,
        event: &event_name,
    };
    let kind = (dialect.kind)(&event_name);
    let mut common = fields.common(kind != EventKind::Other).map_err(fail)?;
    common.agent = dialect.agent;
    if !dialect.claude_transcript {
        common.transcript_path = None;
    }
    let event = match kind {
        EventKind::SessionStart => Event::SessionStart {
            source: fields.opt_str("source").map_err(fail)?,
            common,
        },
        EventKind::UserPrompt => Event::UserPromptSubmit {
            prompt: fields.req_str("prompt").map_err(fail)?,
            common,
        },
        EventKind::PreToolUse => {
            let tool_name = fields.req_str("tool_name").map_err(fail)?;
            let tool_input = fields.req("tool_input").map_err(fail)?.clone();
            let (tool_name, tool_input, cwd) =
                (dialect.map_tool)(&tool_name, tool_input, &common.cwd);
            validate_tool_input(&tool_name, &tool_input).map_err(fail)?;
            if let Some(cwd) = cwd {
                common.cwd = cwd;
            }
            Event::PreToolUse {
                tool_use_id: fields.opt_str("tool_use_id").map_err(fail)?,
                tool_name,
                tool_input,
                common,
            }
        }
        EventKind::PostToolUse => {
            let tool_name = fields.req_str("tool_name").map_err(fail)?;
            let tool_input = fields.req("tool_input").map_err(fail)?.clone();
            let (tool_name, tool_input, cwd) =
                (dialect.map_tool)(&tool_name, tool_input, &common.cwd);
            if let Some(cwd) = cwd {
                common.cwd = cwd;
            }
            Event::PostToolUse {
                tool_use_id: fields.opt_str("tool_use_id").map_err(fail)?,
                tool_response: obj.get("tool_response").cloned().unwrap_or(Value::Null),
                tool_name,
                tool_input,
                common,
            }
        }
        EventKind::Other => Event::Other { common },
    };
    Ok(event)
}

pub(crate) struct Fields<'a> {
    pub obj: &'a Map<String, Value>,
    pub event: &'a str,
}

impl Fields<'_> {
    fn missing(&self, field: &'static str) -> ProtocolError {
        ProtocolError::MissingField {
            event: self.event.to_string(),
            field,
        }
    }

    fn wrong(&self, field: &'static str, expected: &'static str) -> ProtocolError {
        ProtocolError::WrongType {
            event: self.event.to_string(),
            field,
            expected,
        }
    }

    pub fn req(&self, field: &'static str) -> Result<&Value, ProtocolError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Err(self.missing(field)),
            Some(v) => Ok(v),
        }
    }

    pub fn req_str(&self, field: &'static str) -> Result<String, ProtocolError> {
        match self.req(field)? {
            Value::String(s) => Ok(s.clone()),
            _ => Err(self.wrong(field, "a string")),
        }
    }

    pub fn opt_str(&self, field: &'static str) -> Result<Option<String>, ProtocolError> {
        match self.obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(self.wrong(field, "a string")),
        }
    }

    /// The common fields; `known`: an event belay acts on, which must carry a session and a cwd
    /// (events belay ignores need not carry everything).
    fn common(&self, known: bool) -> Result<Common, ProtocolError> {
        let (session_id, cwd) = if known {
            (self.req_str("session_id")?, self.req_str("cwd")?)
        } else {
            (
                self.opt_str("session_id")?.unwrap_or_default(),
                self.opt_str("cwd")?.unwrap_or_default(),
            )
        };
        Ok(Common {
            session_id,
            transcript_path: self.opt_str("transcript_path")?.map(PathBuf::from),
            cwd: PathBuf::from(cwd),
            permission_mode: self.opt_str("permission_mode")?,
            hook_event_name: self.event.to_string(),
            agent: Agent::ClaudeCode,
        })
    }
}

/// What a known tool's input must look like (`shared/hook-protocols.md` §2.7).
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Num,
    Bool,
    Arr,
}

impl Kind {
    fn fits(self, v: &Value) -> bool {
        match self {
            Kind::Str => v.is_string(),
            Kind::Num => v.is_number(),
            Kind::Bool => v.is_boolean(),
            Kind::Arr => v.is_array(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Num => "a number",
            Kind::Bool => "a boolean",
            Kind::Arr => "an array",
        }
    }
}

/// (required fields, optional fields that belay reads and so must have the right type)
type Shape = (
    &'static [(&'static str, Kind)],
    &'static [(&'static str, Kind)],
);

fn shape(tool: &str) -> Option<Shape> {
    use Kind::*;
    Some(match tool {
        "Bash" | "PowerShell" => (
            &[("command", Str)],
            &[("run_in_background", Bool), ("timeout", Num)],
        ),
        "Write" => (&[("file_path", Str), ("content", Str)], &[]),
        "Edit" => (
            &[("file_path", Str), ("old_string", Str), ("new_string", Str)],
            &[("replace_all", Bool)],
        ),
        "MultiEdit" => (&[("file_path", Str), ("edits", Arr)], &[]),
        "Read" => (&[("file_path", Str)], &[("offset", Num), ("limit", Num)]),
        "Glob" => (&[("pattern", Str)], &[("path", Str)]),
        "Grep" => (&[("pattern", Str)], &[("path", Str), ("glob", Str)]),
        "WebFetch" => (&[("url", Str)], &[("prompt", Str)]),
        "WebSearch" => (
            &[("query", Str)],
            &[("allowed_domains", Arr), ("blocked_domains", Arr)],
        ),
        "Task" | "Agent" => (&[("prompt", Str)], &[("subagent_type", Str)]),
        "NotebookEdit" => (
            &[("notebook_path", Str)],
            &[("new_source", Str), ("edit_mode", Str), ("cell_id", Str)],
        ),
        _ => return None,
    })
}

/// Checks that `input` has the shape Claude Code gives `tool` (fields belay reads are present and
/// typed right; extra fields are fine). MCP and unknown tools only need an object.
pub fn validate_tool_input(tool: &str, input: &Value) -> Result<(), ProtocolError> {
    let bad = |problem: String| ProtocolError::BadToolInput {
        tool: tool.to_string(),
        problem,
    };
    let Value::Object(obj) = input else {
        return Err(bad("tool_input is not an object".into()));
    };
    let Some((required, optional)) = shape(tool) else {
        return Ok(());
    };
    for &(field, kind) in required {
        match obj.get(field) {
            None | Some(Value::Null) => return Err(bad(format!("no `{field}`"))),
            Some(v) if !kind.fits(v) => {
                return Err(bad(format!("`{field}` is not {}", kind.name())));
            }
            Some(_) => {}
        }
    }
    for &(field, kind) in optional {
        if let Some(v) = obj.get(field)
            && !v.is_null()
            && !kind.fits(v)
        {
            return Err(bad(format!("`{field}` is not {}", kind.name())));
        }
    }
    if tool == "MultiEdit" {
        let edits = obj.get("edits").and_then(Value::as_array);
        for (i, edit) in edits.into_iter().flatten().enumerate() {
            let ok = edit.get("old_string").is_some_and(Value::is_string)
                && edit.get("new_string").is_some_and(Value::is_string);
            if !ok {
                return Err(bad(format!(
                    "edits[{i}] lacks string `old_string`/`new_string`"
                )));
            }
        }
    }
    if tool == "NotebookEdit" {
        let deleting = obj.get("edit_mode").and_then(Value::as_str) == Some("delete");
        if !deleting && !obj.get("new_source").is_some_and(Value::is_string) {
            return Err(bad("no `new_source`".into()));
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Output<T> {
    #[serde(rename = "hookSpecificOutput")]
    hook_specific_output: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PreToolUseOut<'a> {
    hook_event_name: &'static str,
    permission_decision: &'static str,
    permission_decision_reason: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PostToolUseOut<'a> {
    hook_event_name: &'static str,
    additional_context: &'a str,
}

/// The stdout of a `PreToolUse` answer (exit code 0). No trailing newline: Claude Code parses
/// stdout as JSON when it starts with `{` and ends with `}`.
pub fn pre_tool_use_output(decision: Decision, reason: &str) -> String {
    let out = Output {
        hook_specific_output: PreToolUseOut {
            hook_event_name: "PreToolUse",
            permission_decision: decision.as_str(),
            permission_decision_reason: reason,
        },
    };
    serde_json::to_string(&out).unwrap_or_default()
}

/// The stdout of a `PostToolUse` answer that adds `context` next to the tool result (exit code 0).
/// `context` is cut to [`MAX_CONTEXT_CHARS`] characters.
pub fn post_tool_use_output(context: &str) -> String {
    let context = truncate_chars(context, MAX_CONTEXT_CHARS);
    let out = Output {
        hook_specific_output: PostToolUseOut {
            hook_event_name: "PostToolUse",
            additional_context: context,
        },
    };
    serde_json::to_string(&out).unwrap_or_default()
}

/// Claude Code's adapter: `ask` is native; unreadable input exits 2 (blocking).
pub struct ClaudeCode;

impl Adapter for ClaudeCode {
    fn agent(&self) -> Agent {
        Agent::ClaudeCode
    }

    fn parse(&self, bytes: &[u8]) -> Result<Event, ParseFailure> {
        parse_event(bytes)
    }

    fn kind(&self, event_name: &str) -> EventKind {
        event_kind(event_name)
    }

    fn pre_tool_use(&self, _event_name: &str, decision: Decision, reason: &str) -> Answer {
        Answer::json(pre_tool_use_output(decision, reason))
    }

    fn post_tool_use(&self, _event_name: &str, warning: &str) -> Answer {
        Answer::json(post_tool_use_output(warning))
    }

    fn nothing(&self, _event_name: &str) -> Answer {
        Answer::default()
    }
}

/// The first `max` characters of `s` (a char boundary, never a panic).
pub fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// All text in a `tool_response` of any shape, for screening: a string as is; an object's or
/// array's string leaves (e.g. Bash `stdout`/`stderr`, MCP `content[].text`, Read
/// `file.content`), in document order, one per line. At most about `max_bytes`: when there is
/// more, the first and the last half of that (an injection at the very end is not cut off).
pub fn extract_response_text(response: &Value, max_bytes: usize) -> String {
    let mut leaves = Vec::new();
    collect_strings(response, &mut leaves, 0);
    let total: usize = leaves.iter().map(|s| s.len() + 1).sum();
    if total <= max_bytes {
        return leaves.join("\n");
    }
    let half = max_bytes / 2;
    let mut head = String::new();
    for leaf in &leaves {
        if head.len() >= half {
            break;
        }
        if !head.is_empty() {
            head.push('\n');
        }
        let room = half.saturating_sub(head.len());
        head.push_str(truncate_bytes(leaf, room));
    }
    let mut tail: Vec<&str> = Vec::new();
    let mut tail_len = 0;
    for leaf in leaves.iter().rev() {
        if tail_len >= half {
            break;
        }
        let room = half - tail_len;
        let part = last_bytes(leaf, room);
        tail_len += part.len() + 1;
        tail.push(part);
    }
    tail.reverse();
    format!("{head}\n…\n{}", tail.join("\n"))
}

const MAX_DEPTH: usize = 64;

fn collect_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::String(s) if !s.is_empty() => out.push(s),
        Value::Array(items) => {
            for item in items {
                collect_strings(item, out, depth + 1);
            }
        }
        Value::Object(obj) => {
            for item in obj.values() {
                collect_strings(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn truncate_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last at most `max` bytes of `s`, on a char boundary.
fn last_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut start = s.len() - max;
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pre(tool: &str, input: Value) -> Vec<u8> {
        json!({
            "session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": "/home/dev/p",
            "permission_mode": "default", "hook_event_name": "PreToolUse",
            "tool_name": tool, "tool_input": input, "tool_use_id": "toolu_1"
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn parses_pre_tool_use_and_builds_action() {
        let ev = parse_event(&pre("Bash", json!({"command": "ls", "x_new_field": 1}))).unwrap();
        let action = ev.action().unwrap();
        assert_eq!(action.tool, "Bash");
        assert_eq!(action.cwd, PathBuf::from("/home/dev/p"));
        assert_eq!(ev.common().permission_mode.as_deref(), Some("default"));
    }

    #[test]
    fn bash_without_string_command_names_the_problem() {
        let err = parse_event(&pre("Bash", json!({"command": ["ls"]}))).unwrap_err();
        assert_eq!(err.event.as_deref(), Some("PreToolUse"));
        assert_eq!(
            err.to_string(),
            "Bash tool_input does not fit the tool: `command` is not a string"
        );
        let err = parse_event(&pre("Write", json!({"file_path": "/a"}))).unwrap_err();
        assert!(err.to_string().contains("no `content`"), "{err}");
        let err = parse_event(&pre("mcp__x__y", json!("str"))).unwrap_err();
        assert!(err.to_string().contains("not an object"), "{err}");
    }

    #[test]
    fn not_json_has_no_event() {
        let err = parse_event(b"hello").unwrap_err();
        assert_eq!(err.event, None);
        let err = parse_event(b"[1]").unwrap_err();
        assert_eq!(err.error, ProtocolError::NotObject);
        let err = parse_event(br#"{"hook_event_name":"PreToolUse","cwd":"/"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PreToolUse event has no `session_id` field"
        );
    }

    #[test]
    fn unknown_events_parse_to_other() {
        let ev = parse_event(br#"{"hook_event_name":"Stop","stop_hook_active":false}"#).unwrap();
        assert!(matches!(ev, Event::Other { .. }));
    }

    #[test]
    fn outputs_are_exact() {
        assert_eq!(
            pre_tool_use_output(Decision::Deny, "no \"x\""),
            r#"{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"no \"x\""}}"#
        );
        assert_eq!(
            post_tool_use_output("careful"),
            r#"{"hookSpecificOutput":{"hookEventName":"PostToolUse","additionalContext":"careful"}}"#
        );
    }

    #[test]
    fn context_is_capped_in_chars() {
        let long = "é".repeat(MAX_CONTEXT_CHARS + 50);
        let out: Value = serde_json::from_str(&post_tool_use_output(&long)).unwrap();
        let ctx = out["hookSpecificOutput"]["additionalContext"]
            .as_str()
            .unwrap();
        assert_eq!(ctx.chars().count(), MAX_CONTEXT_CHARS);
    }

    #[test]
    fn response_text_from_any_shape() {
        let v = json!({"stdout": "out", "stderr": "err", "interrupted": false,
            "content": [{"type": "text", "text": "hello"}], "nested": {"deep": ["x"]}});
        let text = extract_response_text(&v, 1 << 20);
        for part in ["out", "err", "hello", "x"] {
            assert!(text.lines().any(|l| l == part), "{text}");
        }
        assert_eq!(extract_response_text(&json!("plain"), 100), "plain");
        // Over the cap: the start and the end are both kept.
        let long = format!("START{}END", "x".repeat(10_000));
        let text = extract_response_text(&json!({"stdout": long}), 100);
        assert!(text.starts_with("START") && text.ends_with("END"), "{text}");
        assert!(text.len() < 120, "{}", text.len());
        let text = extract_response_text(&json!(["é".repeat(100)]), 7);
        assert!(text.len() <= 12, "{text}");
        let mut deep = json!("bottom");
        for _ in 0..1_000 {
            deep = json!([deep]);
        }
        // Deeply nested input is cut, not a stack overflow.
        assert_eq!(extract_response_text(&deep, 100), "");
    }
}
