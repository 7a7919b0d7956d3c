//! Shared helpers for mapping other agents' tool calls onto belay's (Claude Code's) tool
//! vocabulary: field renames, shell commands given as argv, URLs in a prompt, and Codex's
//! `apply_patch` envelope.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// `input` with each canonical field `to` filled from the first present `from` field (existing
/// fields are kept, so the original call stays visible in the log). A non-object is returned as
/// is (validation then refuses it).
pub(crate) fn rename(input: Value, pairs: &[(&str, &[&str])]) -> Value {
    let Value::Object(mut obj) = input else {
        return input;
    };
    for (to, froms) in pairs {
        if obj.get(*to).is_some_and(|v| !v.is_null()) {
            continue;
        }
        if let Some(v) = froms
            .iter()
            .find_map(|f| obj.get(*f).filter(|v| !v.is_null()))
        {
            obj.insert((*to).to_string(), v.clone());
        }
    }
    Value::Object(obj)
}

/// A shell command given as an argv array becomes one command line (each word quoted when it
/// needs it), so that belay's shell analysis sees exactly what runs; a string stays as is.
pub(crate) fn command_line(input: Value, key: &str) -> Value {
    let Value::Object(mut obj) = input else {
        return input;
    };
    if let Some(Value::Array(words)) = obj.get(key) {
        let words: Option<Vec<&str>> = words.iter().map(Value::as_str).collect();
        if let Some(words) = words {
            let line = words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ");
            obj.insert(key.to_string(), Value::String(line));
        }
    }
    Value::Object(obj)
}

fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%=,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The working directory a tool call names (`dir_path`, `directory`, `cwd`), resolved against
/// the session's.
pub(crate) fn call_cwd(input: &Value, keys: &[&str], cwd: &Path) -> Option<PathBuf> {
    let dir = keys
        .iter()
        .find_map(|k| input.get(*k).and_then(Value::as_str))
        .filter(|d| !d.is_empty())?;
    Some(cwd.join(dir))
}

/// The URLs in a text (for tools whose input is a prompt that mentions them).
pub(crate) fn urls(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || "<>\"'()[]{}".contains(c))
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| w.trim_end_matches(['.', ',', ';', ':', '!', '?']))
        .collect()
}

/// A Codex `apply_patch` envelope that touches exactly one file, as a `Write` (a new file) or an
/// `Edit` (removed and added lines of an update without a move). Anything else (several files,
/// deletes, moves, a malformed patch) is `None`: the call keeps its own name and the user decides.
pub(crate) fn patch_as_file_call(patch: &str) -> Option<(&'static str, Value)> {
    let mut lines = patch.lines();
    if lines.next()?.trim() != "*** Begin Patch" {
        return None;
    }
    let mut file: Option<(&'static str, String)> = None;
    let (mut added, mut removed) = (String::new(), String::new());
    for line in lines {
        if line.trim() == "*** End Patch" {
            let (tool, path) = file?;
            let mut obj = Map::new();
            obj.insert("file_path".into(), Value::String(path));
            if tool == "Write" {
                obj.insert("content".into(), Value::String(added));
            } else {
                obj.insert("old_string".into(), Value::String(removed));
                obj.insert("new_string".into(), Value::String(added));
            }
            return Some((tool, Value::Object(obj)));
        }
        let header = |prefix: &str| line.strip_prefix(prefix).map(|p| p.trim().to_string());
        if let Some(path) = header("*** Add File: ") {
            if file.is_some() {
                return None;
            }
            file = Some(("Write", path));
        } else if let Some(path) = header("*** Update File: ") {
            if file.is_some() {
                return None;
            }
            file = Some(("Edit", path));
        } else if line.starts_with("*** ") && line.trim() != "*** End of File" {
            // Delete File, Move to, or something unknown.
            return None;
        } else if let Some(l) = line.strip_prefix('+') {
            added.push_str(l);
            added.push('\n');
        } else if let Some(l) = line.strip_prefix('-') {
            removed.push_str(l);
            removed.push('\n');
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renames_keep_the_original_fields() {
        let v = rename(
            json!({"path": "/a", "x": 1}),
            &[("file_path", &["absolute_path", "path"])],
        );
        assert_eq!(v, json!({"path": "/a", "x": 1, "file_path": "/a"}));
        let v = rename(
            json!({"file_path": "/b", "path": "/a"}),
            &[("file_path", &["path"])],
        );
        assert_eq!(v["file_path"], "/b");
    }

    #[test]
    fn argv_becomes_a_quoted_line() {
        let v = command_line(json!({"command": ["bash", "-lc", "ls -la"]}), "command");
        assert_eq!(v["command"], "bash -lc 'ls -la'");
        let v = command_line(json!({"command": ["a", 1]}), "command");
        assert!(
            v["command"].is_array(),
            "not all strings: left for validation to refuse"
        );
    }

    #[test]
    fn urls_in_text() {
        assert_eq!(
            urls("Summarise https://example.com/a. and (http://x.io/b)"),
            ["https://example.com/a", "http://x.io/b"]
        );
    }

    #[test]
    fn single_file_patches_map_to_write_and_edit() {
        let add = "*** Begin Patch\n*** Add File: src/new.rs\n+fn main() {}\n*** End Patch\n";
        let (tool, input) = patch_as_file_call(add).unwrap();
        assert_eq!((tool, &input["file_path"]), ("Write", &json!("src/new.rs")));
        assert_eq!(input["content"], "fn main() {}\n");
        let update = "*** Begin Patch\n*** Update File: a.txt\n@@\n-old\n+new\n*** End Patch";
        let (tool, input) = patch_as_file_call(update).unwrap();
        assert_eq!(tool, "Edit");
        assert_eq!(
            (input["old_string"].as_str(), input["new_string"].as_str()),
            (Some("old\n"), Some("new\n"))
        );
        for other in [
            "*** Begin Patch\n*** Delete File: a\n*** End Patch",
            "*** Begin Patch\n*** Update File: a\n*** Move to: b\n*** End Patch",
            "*** Begin Patch\n*** Add File: a\n+x\n*** Add File: b\n+y\n*** End Patch",
            "*** Begin Patch\n*** Add File: a\n+x\n",
            "not a patch",
        ] {
            assert_eq!(patch_as_file_call(other), None, "{other}");
        }
    }
}
