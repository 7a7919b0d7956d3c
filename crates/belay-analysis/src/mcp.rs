//! MCP tools (`mcp__<server>__<tool>`): what the call does, read from the tool's name and its
//! arguments, since MCP servers declare no machine-readable semantics belay can trust.

use crate::{Analysis, Effect, EffectKind};
use serde_json::Value;

/// First words of tool names that only read.
const READ_VERBS: &[&str] = &[
    "get",
    "list",
    "search",
    "read",
    "fetch",
    "find",
    "describe",
    "view",
    "show",
    "retrieve",
    "lookup",
    "count",
    "check",
    "status",
    "download",
    "explain",
    "inspect",
    "browse",
    "summarize",
    "resolve",
    "query",
];

/// Splits `mcp__server__tool` (plugin servers: `mcp__plugin_x_server__tool`).
pub fn split_name(tool: &str) -> (String, String) {
    let rest = tool.trim_start_matches("mcp__");
    match rest.rsplit_once("__") {
        Some((server, name)) => (server.to_string(), name.to_string()),
        None => (rest.to_string(), String::new()),
    }
}

/// True when the tool's name says it only reads.
pub fn is_read_tool(name: &str) -> bool {
    let lower = name.to_lowercase();
    let first = lower.split(['_', '-']).next().unwrap_or("");
    READ_VERBS.contains(&first)
}

/// All string (and number) leaves of a JSON value, at most `budget` of them.
pub fn strings(value: &Value, out: &mut Vec<String>, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    match value {
        Value::String(s) => {
            *budget -= 1;
            out.push(s.clone());
        }
        Value::Number(n) => {
            *budget -= 1;
            out.push(n.to_string());
        }
        Value::Array(items) => items.iter().for_each(|v| strings(v, out, budget)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out, budget)),
        _ => {}
    }
}

pub fn analyze(tool: &str, input: &Value) -> Analysis {
    let (server, name) = split_name(tool);
    let mut texts = Vec::new();
    strings(input, &mut texts, &mut 2000);
    let text = texts.join("\n");
    let mut effects = Vec::new();
    if let Some(sql) = ["query", "sql", "statement"]
        .iter()
        .find_map(|k| input.get(*k).and_then(Value::as_str))
    {
        let change = crate::programs_sql(sql);
        if change != 0 {
            effects.push(Effect::new(
                EffectKind::RemoteChange {
                    system: server,
                    target: "database".into(),
                    action: crate::truncate(sql, 80),
                    destructive: change == 2,
                },
                tool,
            ));
        }
        return Analysis {
            effects,
            incomplete: None,
        };
    }
    let lower = name.to_lowercase();
    if is_read_tool(&name)
        || lower.contains("draft")
        || lower.contains("preview")
        || lower.contains("dry_run")
        || lower.starts_with("validate")
    {
        return Analysis {
            effects,
            incomplete: None,
        };
    }
    let target = [
        "repo",
        "channel",
        "channel_id",
        "to",
        "issue_number",
        "pull_number",
        "id",
        "issue_key",
        "page_id",
        "project",
        "table",
        "calendar_id",
        "database_id",
        "email",
        "recipient",
        "attendees",
    ]
    .iter()
    .filter_map(|k| input.get(*k))
    .map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
    .collect::<Vec<_>>()
    .join(" ");
    let owner = input
        .get("owner")
        .and_then(Value::as_str)
        .map(|o| format!("{o}/"))
        .unwrap_or_default();
    effects.push(Effect::new(
        EffectKind::Communicate {
            service: server,
            action: name,
            target: format!("{owner}{target}"),
            text,
        },
        tool,
    ));
    Analysis {
        effects,
        incomplete: None,
    }
}
