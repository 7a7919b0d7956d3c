//! Claude Code's built-in tools other than Bash: file reads and writes, search, delegation.

use crate::paths::Resolver;
use crate::{Analysis, Effect, EffectKind};
use belay_shell::Cwd;
use serde_json::Value;

/// Tools that only read or only talk to the user; they never change anything.
pub const READ_ONLY_TOOLS: &[&str] = &[
    "Read",
    "Glob",
    "Grep",
    "LS",
    "TodoWrite",
    "TodoRead",
    "TaskCreate",
    "TaskUpdate",
    "TaskList",
    "ExitPlanMode",
    "EnterPlanMode",
    "AskUserQuestion",
    "BashOutput",
    "KillShell",
    "ListMcpResourcesTool",
    "ReadMcpResourceTool",
    "NotebookRead",
    "Skill",
    "SlashCommand",
    "Monitor",
    "CronList",
    "WebSearch",
];

pub fn analyze(tool: &str, input: &Value, resolver: &Resolver) -> Analysis {
    let str_field = |key: &str| input.get(key).and_then(Value::as_str);
    let path = |key: &str| str_field(key).map(|p| resolver.text(p, &Cwd::Start));
    let missing = |field: &str| Analysis {
        effects: Vec::new(),
        incomplete: Some(format!("the {tool} call has no string `{field}`")),
    };
    let mut effects = Vec::new();
    match tool {
        "Write" => {
            let Some(target) = path("file_path") else {
                return missing("file_path");
            };
            let content = str_field("content").unwrap_or_default().to_string();
            let origin = format!("Write {}", target.path.display());
            effects.push(Effect::new(
                EffectKind::Write {
                    target,
                    append: false,
                    content: Some(content),
                },
                origin,
            ));
        }
        "Edit" => {
            let Some(target) = path("file_path") else {
                return missing("file_path");
            };
            let removed = str_field("old_string").unwrap_or_default().to_string();
            let added = str_field("new_string").unwrap_or_default().to_string();
            let origin = format!("Edit {}", target.path.display());
            effects.push(Effect::new(
                EffectKind::Edit {
                    target,
                    removed,
                    added,
                },
                origin,
            ));
        }
        "MultiEdit" => {
            let Some(target) = path("file_path") else {
                return missing("file_path");
            };
            let (mut removed, mut added) = (String::new(), String::new());
            for edit in input
                .get("edits")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                removed.push_str(
                    edit.get("old_string")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                );
                removed.push('\n');
                added.push_str(
                    edit.get("new_string")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                );
                added.push('\n');
            }
            let origin = format!("MultiEdit {}", target.path.display());
            effects.push(Effect::new(
                EffectKind::Edit {
                    target,
                    removed,
                    added,
                },
                origin,
            ));
        }
        "NotebookEdit" => {
            let Some(target) = path("notebook_path") else {
                return missing("notebook_path");
            };
            let added = str_field("new_source").unwrap_or_default().to_string();
            let removed = if str_field("edit_mode") == Some("delete") {
                "<a whole cell>".to_string()
            } else {
                String::new()
            };
            let origin = format!("NotebookEdit {}", target.path.display());
            effects.push(Effect::new(
                EffectKind::Edit {
                    target,
                    removed,
                    added,
                },
                origin,
            ));
        }
        "Read" | "NotebookRead" => {
            let key = if tool == "Read" {
                "file_path"
            } else {
                "notebook_path"
            };
            let Some(target) = path(key) else {
                return missing(key);
            };
            let origin = format!("Read {}", target.path.display());
            effects.push(Effect::new(EffectKind::Read { target }, origin));
        }
        "Glob" | "Grep" | "LS" => {
            if let Some(target) = path("path") {
                let origin = format!("{tool} {}", target.path.display());
                effects.push(Effect::new(EffectKind::Read { target }, origin));
            }
        }
        "Task" | "Agent" => {
            let prompt = str_field("prompt").unwrap_or_default().to_string();
            effects.push(Effect::new(
                EffectKind::SpawnAgent {
                    program: "subagent".into(),
                    unsupervised: false,
                    prompt,
                },
                format!("{tool} {}", str_field("description").unwrap_or_default()),
            ));
        }
        _ => {}
    }
    Analysis {
        effects,
        incomplete: None,
    }
}
