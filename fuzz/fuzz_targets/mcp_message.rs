//! Fuzzes the MCP proxy's framing and classification: arbitrary bytes are cut into lines by
//! `LineReader` (with a small cap, so over-long lines happen too) and fed to the proxy, each line
//! from the client or the server as the line's first byte says. Nothing may panic, every line
//! written is one line of JSON, and with a guard that refuses every call no `tools/call` request
//! (alone or inside a batch) reaches the server unless the user accepted it in an elicitation.
#![no_main]

use belay_mcp::message::{Kind, Parsed, classify, parse};
use belay_mcp::proxy::Judgment;
use belay_mcp::{Frame, Guard, LineReader, Proxy, ToolCall};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// Refuses every call (alternating deny and ask, so elicitation runs too: only the user's
/// answer to it may let a call through) and warns on every result.
struct Refuse(u32);

impl Guard for Refuse {
    fn judge(&mut self, call: &ToolCall) -> Judgment {
        self.0 += 1;
        if self.0 % 2 == 0 {
            Judgment::Deny(format!("no {}", call.name))
        } else {
            Judgment::Ask(format!("ask about {}", call.name))
        }
    }

    fn screen(&mut self, _call: &ToolCall, _outcome: &Value) -> Option<String> {
        Some("careful".into())
    }
}

fn is_tool_call(value: &Value) -> bool {
    matches!(
        classify(value),
        Kind::Request {
            method: "tools/call",
            ..
        }
    )
}

/// Whether the client line answers one of belay's elicitations (the user may accept a held call,
/// which then goes to the server).
fn answers_elicitation(line: &[u8]) -> bool {
    match parse(line) {
        Parsed::Single(v) => match classify(&v) {
            Kind::Response { id } => id.as_str().is_some_and(|id| id.starts_with(PREFIX)),
            _ => false,
        },
        _ => false,
    }
}

const PREFIX: &str = "belay-fuzz-";

fn check_lines(lines: &[Vec<u8>], to_server: bool, user_accepted: bool) {
    for line in lines {
        assert!(!line.contains(&b'\n'), "a written message spans lines");
        match parse(line) {
            Parsed::NotJson(e) => panic!("non-JSON line written (to server: {to_server}): {e}"),
            Parsed::Single(v) if to_server && !user_accepted => {
                assert!(!is_tool_call(&v), "a refused tools/call reached the server")
            }
            Parsed::Batch(items) if to_server => {
                assert!(
                    !items.iter().any(is_tool_call),
                    "a batched tools/call reached the server"
                )
            }
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut proxy = Proxy::new(Refuse(0), PREFIX);
    let mut reader = LineReader::with_max(data, 4096);
    while let Ok(Some(frame)) = reader.next_frame() {
        let from_server = match &frame {
            Frame::Line(line) => line.first() == Some(&b' '),
            Frame::TooLong { len, .. } => len % 2 == 1,
        };
        let accepted = match &frame {
            Frame::Line(line) => !from_server && answers_elicitation(line),
            Frame::TooLong { .. } => false,
        };
        let out = if from_server {
            proxy.from_server(frame)
        } else {
            proxy.from_client(frame)
        };
        check_lines(&out.to_client, false, false);
        check_lines(&out.to_server, true, accepted);
    }
});
