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

/// Parts of a tool's name that say it runs shell commands (`run_shell`, `execute_command`,
/// `terminal`, `bash`).
const SHELL_NAME_PARTS: &[&str] = &["shell", "terminal", "bash", "command", "powershell"];
/// Whole words of a tool's name that say the same (`exec`, `sh_run`).
const SHELL_NAME_WORDS: &[&str] = &["exec", "execute", "sh", "zsh", "cmd", "run"];

/// The shell command given to an MCP tool that runs shell commands: a tool whose name says so
/// and a string `command`, `cmd` or `script` argument. Such a call is judged as that command,
/// exactly as a `Bash` call would be, whatever the server is called.
pub fn shell_command<'a>(tool: &str, input: &'a Value) -> Option<&'a str> {
    let (_, name) = split_name(tool);
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split(['_', '-', '.']).collect();
    let shell_tool = SHELL_NAME_PARTS.iter().any(|p| lower.contains(p))
        || (words.len() == 1 && SHELL_NAME_WORDS.contains(&words[0]))
        || words
            .iter()
            .any(|w| ["exec", "execute", "sh", "zsh"].contains(w));
    if !shell_tool {
        return None;
    }
    ["command", "cmd", "script"]
        .iter()
        .find_map(|k| input.get(*k).and_then(Value::as_str))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shell_command_table() {
        let cases: &[(&str, Value, Option<&str>)] = &[
            ("mcp__box__run_shell", json!({"command": "ls"}), Some("ls")),
            (
                "mcp__dc__execute_command",
                json!({"command": "ls"}),
                Some("ls"),
            ),
            (
                "mcp__ide__runTerminalCommand",
                json!({"command": "ls"}),
                Some("ls"),
            ),
            ("mcp__box__exec", json!({"cmd": "ls"}), Some("ls")),
            ("mcp__box__bash", json!({"script": "ls"}), Some("ls")),
            ("mcp__box__run", json!({"command": "ls"}), Some("ls")),
            ("mcp__box__run_shell", json!({"command": ["ls"]}), None),
            ("mcp__box__run_shell", json!({"query": "ls"}), None),
            ("mcp__github__create_issue", json!({"command": "ls"}), None),
            ("mcp__slack__run_workflow", json!({"command": "ls"}), None),
        ];
        for (tool, input, want) in cases {
            assert_eq!(shell_command(tool, input), *want, "{tool} {input}");
        }
    }
}
