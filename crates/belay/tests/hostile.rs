//! Hostile input through the real hook process: a 10 MB command, 10 000-deep nesting of command
//! substitutions, subshells and groups, a huge heredoc, binary tool output. Each must be answered
//! (a PreToolUse with `ask` or `deny`, never `allow`: such input is beyond what belay judges) and
//! the process must finish, within generous bounds (10 s, 200 MB) so that a loaded machine does
//! not make the test flaky. The measured figures are printed (`--no-capture` shows them).

mod common;

use common::{Belay, Run, home, pre_bash};
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(10);
const MAX_RSS: u64 = 200 * 1024 * 1024;

fn hook(input: &[u8]) -> Run {
    let home = home();
    let run = Belay::new(&["hook", "claude-code"], home.path()).run(input, LIMIT);
    assert!(run.code.is_some(), "killed after {LIMIT:?}: {run:?}");
    run
}

fn report(name: &str, input_len: usize, run: &Run) {
    eprintln!(
        "{name}: {input_len} bytes in, {:?} wall, {:.1} MiB peak RSS, exit {:?}, decision {:?}",
        run.wall,
        run.mib(),
        run.code,
        run.decision()
    );
    assert!(run.wall < LIMIT, "{name}: {:?}", run.wall);
    assert!(run.max_rss < MAX_RSS, "{name}: {:.1} MiB", run.mib());
}

/// A PreToolUse for `command` is answered with ask or deny, within the bounds.
fn refused(name: &str, command: &str) -> Run {
    let input = pre_bash(command);
    let run = hook(&input);
    report(name, input.len(), &run);
    assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
    let decision = run.decision();
    assert!(
        matches!(decision.as_deref(), Some("ask" | "deny")),
        "{name}: {decision:?} ({})",
        run.stdout
    );
    run
}

fn nested(open: &str, middle: &str, close: &str, depth: usize) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * depth + middle.len());
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(middle);
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

#[test]
fn a_10_mb_command_is_not_allowed() {
    let mut command = String::from("ls");
    while command.len() < 10 * 1024 * 1024 {
        command.push_str(" src/file.txt");
    }
    refused("10 MB command", &command);
}

#[test]
fn deep_command_substitution_is_not_allowed() {
    refused(
        "10 000-deep $( )",
        &format!("echo {}", nested("$(echo ", "x", ")", 10_000)),
    );
}

#[test]
fn deep_subshells_are_not_allowed() {
    refused("10 000-deep ( )", &nested("(", "ls", ")", 10_000));
}

#[test]
fn deep_arithmetic_is_not_allowed() {
    refused(
        "10 000-deep $(( ))",
        &format!("echo $(({}))", nested("(", "1", ")", 10_000)),
    );
}

#[test]
fn deep_groups_are_not_allowed() {
    refused("10 000-deep { }", &nested("{ ", "ls", "; }", 10_000));
}

#[test]
fn a_huge_heredoc_is_not_allowed() {
    let mut command = String::from("cat > notes.txt <<'EOF'\n");
    while command.len() < 8 * 1024 * 1024 {
        command.push_str("just a line of notes, nothing to see here\n");
    }
    command.push_str("EOF\n");
    refused("8 MB heredoc", &command);
}

/// A PostToolUse whose `tool_response` is `output` (the JSON text of a string, or raw bytes).
fn post(output: &[u8]) -> Vec<u8> {
    let mut input = br#"{"session_id":"hostile","transcript_path":"/nonexistent.jsonl","cwd":"/tmp","hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"cat blob.bin"},"tool_use_id":"t2","tool_response":{"stdout":""#.to_vec();
    input.extend_from_slice(output);
    input.extend_from_slice(br#"","stderr":"","interrupted":false}}"#);
    input
}

/// Pseudo-random bytes (xorshift), the same every run.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn binary_tool_output_escaped_in_json_is_answered() {
    // Binary as an agent sends it: every byte escaped or lossily decoded, in valid JSON.
    let text = String::from_utf8_lossy(&noise(4 * 1024 * 1024)).into_owned();
    let json = serde_json::to_string(&text).unwrap();
    let input = post(&json.as_bytes()[1..json.len() - 1]);
    let run = hook(&input);
    report("4 MB binary output (JSON-escaped)", input.len(), &run);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn raw_non_utf8_tool_output_is_answered_and_reported() {
    // Raw bytes that are not UTF-8 inside the JSON string: not valid JSON text.
    let bytes: Vec<u8> = noise(4 * 1024 * 1024)
        .into_iter()
        .map(|b| if b == b'"' || b == b'\\' { 0xff } else { b })
        .collect();
    let input = post(&bytes);
    let run = hook(&input);
    report("4 MB raw non-UTF-8 output", input.len(), &run);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.starts_with("belay: "), "{}", run.stderr);
    // Unreadable output is unscreened output: the agent is told so next to it.
    assert!(
        run.stdout.contains("could not screen this tool output"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_follow_up_call_is_still_judged_after_binary_output() {
    // The same session: binary output, then a plain call. The store must still work.
    let home = home();
    let text = String::from_utf8_lossy(&noise(1024 * 1024)).into_owned();
    let json = serde_json::to_string(&text).unwrap();
    let run = Belay::new(&["hook", "claude-code"], home.path())
        .run(&post(&json.as_bytes()[1..json.len() - 1]), LIMIT);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = Belay::new(&["hook", "claude-code"], home.path()).run(&pre_bash("ls src"), LIMIT);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.decision().is_some(), "{}", run.stdout);
}
