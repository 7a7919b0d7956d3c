//! Fuzzes the whole judgment of a shell command (parse, effects, rules, intent): it must never
//! panic, whatever the command, the user's message or the earlier calls.
#![no_main]

use belay_action::{Action, PastCall, Session};
use belay_policy::Policy;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first line is the user's message, the second an earlier command, the rest the command.
    let mut parts = text.splitn(3, '\n');
    let prompt = parts.next().unwrap_or_default();
    let earlier = parts.next().unwrap_or_default();
    let command = parts.next().unwrap_or_default();
    let action = Action {
        tool: "Bash".into(),
        input: serde_json::json!({ "command": command }),
        cwd: PathBuf::from("/home/dev/projects/app"),
    };
    let session = Session {
        prompts: vec![prompt.to_string()],
        history: vec![PastCall::new(
            "Bash",
            serde_json::json!({ "command": earlier }),
        )],
        home: PathBuf::from("/home/dev"),
        ..Session::default()
    };
    let _ = Policy::default().judge(&action, &session);
});
