//! Replays a tool call with its context as the hook events Claude Code would send.
//!
//! A [`Scenario`] (the shape of a corpus case: prompts, environment, history, the call under
//! test) becomes a SessionStart, one UserPromptSubmit per prompt, a PreToolUse and a PostToolUse
//! (empty response) per earlier call, then the PreToolUse under test, all through
//! [`hook::handle_event`] — the function `belay hook claude-code` runs. So `belay check` and
//! `belay eval` measure the real hook path, protocol included.

use crate::hook::{self, Context, HookOutput};
use serde::Deserialize;
use serde_json::{Value, json};

/// A tool call as the corpora write it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Call {
    pub tool_name: String,
    #[serde(default)]
    pub tool_input: Value,
}

/// A call to judge with everything around it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Scenario {
    pub cwd: String,
    #[serde(default)]
    pub user_prompts: Vec<String>,
    #[serde(default)]
    pub environment: Vec<String>,
    #[serde(default)]
    pub history: Vec<Call>,
    #[serde(flatten)]
    pub call: Call,
}

/// The common fields of a replayed event.
fn base(session_id: &str, cwd: &str, event: &str) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("session_id".into(), json!(session_id));
    m.insert("cwd".into(), json!(cwd));
    m.insert("permission_mode".into(), json!("default"));
    m.insert("hook_event_name".into(), json!(event));
    m
}

pub fn session_start_event(session_id: &str, cwd: &str) -> Vec<u8> {
    let mut m = base(session_id, cwd, "SessionStart");
    m.insert("source".into(), json!("startup"));
    Value::Object(m).to_string().into_bytes()
}

pub fn prompt_event(session_id: &str, cwd: &str, prompt: &str) -> Vec<u8> {
    let mut m = base(session_id, cwd, "UserPromptSubmit");
    m.insert("prompt".into(), json!(prompt));
    Value::Object(m).to_string().into_bytes()
}

pub fn pre_tool_use_event(session_id: &str, cwd: &str, call: &Call, tool_use_id: &str) -> Vec<u8> {
    let mut m = base(session_id, cwd, "PreToolUse");
    m.insert("tool_name".into(), json!(call.tool_name));
    m.insert("tool_input".into(), call.tool_input.clone());
    m.insert("tool_use_id".into(), json!(tool_use_id));
    Value::Object(m).to_string().into_bytes()
}

pub fn post_tool_use_event(
    session_id: &str,
    cwd: &str,
    call: &Call,
    tool_use_id: &str,
    response: Value,
) -> Vec<u8> {
    let mut m = base(session_id, cwd, "PostToolUse");
    m.insert("tool_name".into(), json!(call.tool_name));
    m.insert("tool_input".into(), call.tool_input.clone());
    m.insert("tool_response".into(), response);
    m.insert("tool_use_id".into(), json!(tool_use_id));
    Value::Object(m).to_string().into_bytes()
}

/// The outcome of a replay: the answer to the call under test and how many calls were judged.
pub struct Replayed {
    pub output: HookOutput,
    pub judged: usize,
}

/// Runs `scenario` through the hook with `ctx` (whose environment is set from the scenario).
pub fn replay(ctx: &mut Context, session_id: &str, scenario: &Scenario) -> Replayed {
    ctx.environment = scenario.environment.clone();
    let cwd = scenario.cwd.as_str();
    hook::handle_event(&session_start_event(session_id, cwd), ctx);
    for prompt in &scenario.user_prompts {
        hook::handle_event(&prompt_event(session_id, cwd, prompt), ctx);
    }
    let mut judged = 0;
    for (i, call) in scenario.history.iter().enumerate() {
        let id = format!("toolu_replay_{i:03}");
        let out = hook::handle_event(&pre_tool_use_event(session_id, cwd, call, &id), ctx);
        judged += usize::from(out.judge_time.is_some());
        let post = post_tool_use_event(session_id, cwd, call, &id, json!({}));
        hook::handle_event(&post, ctx);
    }
    let event = pre_tool_use_event(session_id, cwd, &scenario.call, "toolu_replay_now");
    let output = hook::handle_event(&event, ctx);
    judged += usize::from(output.judge_time.is_some());
    Replayed { output, judged }
}

/// The decision Claude Code would act on, read back from the hook's stdout and exit code:
/// `allow`, `ask`, `deny`, or `none` (no decision: Claude Code's own prompt would decide).
pub fn decision_of(output: &HookOutput) -> &'static str {
    if output.exit_code == 2 {
        return "deny";
    }
    let parsed: Option<Value> = serde_json::from_str(&output.stdout).ok();
    match parsed
        .as_ref()
        .and_then(|v| v.pointer("/hookSpecificOutput/permissionDecision"))
        .and_then(Value::as_str)
    {
        Some("allow") => "allow",
        Some("ask") => "ask",
        Some("deny") => "deny",
        _ => "none",
    }
}
