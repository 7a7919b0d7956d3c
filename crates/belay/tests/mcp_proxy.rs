//! `belay mcp-proxy` end to end: the real binary in front of a small MCP server
//! (`tests/fixtures/mcp_server.rs`), driven the way an MCP client drives a stdio server.
//! Covers allow, deny (the server never sees the call), the injection warning, messages over
//! 1 MB both ways with server traffic interleaved, malformed client input, the server's exit
//! code and stderr, and what lands in the store.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Long enough for a debug build on a loaded machine; a deadlock still fails the test.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A destructive command the `run_shell` tool is asked to run (data only: the fixture never
/// runs anything, and belay must refuse it before the fixture even sees it).
const DESTRUCTIVE: &str = "rm -rf ~/";

/// A command belay cannot parse, so the user decides (`ask`); harmless, and never run.
const UNPARSABLE: &str = "echo \"unterminated";

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<Value>,
    stderr: std::thread::JoinHandle<String>,
    home: tempfile::TempDir,
}

impl Client {
    fn start(extra_fixture_args: &[&str]) -> Client {
        let home = tempfile::tempdir().expect("tempdir");
        let log = home.path().join("fixture.log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_belay"))
            .env("BELAY_RESIDENT", "off")
            .args(["mcp-proxy", "--name", "fixture", "--"])
            .arg(env!("CARGO_BIN_EXE_belay-mcp-fixture"))
            .arg("--log")
            .arg(&log)
            .args(extra_fixture_args)
            .env("HOME", home.path())
            .env("BELAY_HOME", home.path().join("belay"))
            .env_remove("CLAUDE_CONFIG_DIR")
            .env_remove("BELAY_CONFIG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn belay mcp-proxy");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout");
        let mut stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                let value: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                    panic!("proxy wrote a line that is not JSON ({e}): {line}")
                });
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Client {
            child,
            stdin,
            lines,
            stderr,
            home,
        }
    }

    fn send(&mut self, message: &Value) {
        self.send_raw(&serde_json::to_vec(message).expect("json"));
    }

    fn send_raw(&mut self, line: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line).expect("write to the proxy");
        stdin.write_all(b"\n").expect("write to the proxy");
        stdin.flush().expect("flush");
    }

    fn next(&self) -> Value {
        self.lines
            .recv_timeout(TIMEOUT)
            .expect("the proxy answered in time (no deadlock)")
    }

    /// Messages up to and including the response with `id`.
    fn until_response(&self, id: &Value) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let message = self.next();
            let done = message.get("method").is_none() && message.get("id") == Some(id);
            seen.push(message);
            if done {
                return seen;
            }
        }
    }

    fn call(&mut self, id: u64, tool: &str, arguments: Value) -> Vec<Value> {
        self.send(&json!({"jsonrpc":"2.0","id":id,"method":"tools/call","params":{"name":tool,"arguments":arguments}}));
        self.until_response(&json!(id))
    }

    fn initialize(&mut self) {
        self.initialize_with(json!({}));
    }

    fn initialize_with(&mut self, capabilities: Value) {
        self.send(&json!({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":capabilities,"clientInfo":{"name":"test-client","version":"1.0"}}}));
        let init = self.until_response(&json!(0));
        assert_eq!(init.len(), 1);
        assert_eq!(init[0]["result"]["serverInfo"]["name"], "belay-mcp-fixture");
        self.send(&json!({"jsonrpc":"2.0","method":"notifications/initialized"}));
    }

    /// Closes stdin and waits: (exit code, stderr, fixture log lines).
    fn finish(mut self) -> (Option<i32>, String, Vec<Value>, PathBuf) {
        self.stdin = None;
        let status = self.child.wait().expect("wait for the proxy");
        let stderr = self.stderr.join().expect("stderr thread");
        let log = std::fs::read_to_string(self.home.path().join("fixture.log")).unwrap_or_default();
        let log = log
            .lines()
            .map(|l| serde_json::from_str(l).expect("fixture log line"))
            .collect();
        let home = self.home.keep();
        (status.code(), stderr, log, home)
    }
}

fn response(messages: &[Value]) -> &Value {
    messages.last().expect("a response")
}

fn tool_calls_seen_by_server(log: &[Value]) -> Vec<String> {
    log.iter()
        .filter(|m| m["method"] == "tools/call")
        .map(|m| m["params"]["name"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn allow_deny_and_injection_through_the_real_binary() {
    let mut client = Client::start(&[]);
    client.initialize();
    client.send(&json!({"jsonrpc":"2.0","id":1,"method":"tools/list"}));
    let tools = client.until_response(&json!(1));
    assert_eq!(
        response(&tools)["result"]["tools"].as_array().map(Vec::len),
        Some(4)
    );

    // Allowed, and the page carries an injection: belay's warning comes first.
    let page = client.call(
        2,
        "get_page",
        json!({"url": "https://docs.example.com/release"}),
    );
    assert_eq!(page.len(), 3, "notification, ping, response: {page:?}");
    assert_eq!(page[0]["method"], "notifications/message");
    assert_eq!(page[1]["method"], "ping");
    let content = response(&page)["result"]["content"]
        .as_array()
        .expect("content");
    assert_eq!(content.len(), 2);
    let warning = content[0]["text"].as_str().expect("warning text");
    assert!(warning.starts_with("[belay warning] belay (the user's permission guard) screened this mcp__fixture__get_page output"), "{warning}");
    assert!(warning.contains("evil.example"), "{warning}");
    assert!(
        content[1]["text"]
            .as_str()
            .unwrap()
            .starts_with("Release notes")
    );
    // The client answers the server's ping: that response reaches the server unchanged.
    let ping_id = page[1]["id"].clone();
    client.send(&json!({"jsonrpc":"2.0","id":ping_id,"result":{}}));

    // Denied: an error with belay's reason, straight back, and the server never sees it.
    let denied = client.call(3, "run_shell", json!({"command": DESTRUCTIVE}));
    assert_eq!(denied.len(), 1, "nothing from the server: {denied:?}");
    let error = &denied[0]["error"];
    assert_eq!(error["code"], -32001);
    assert_eq!(error["data"]["belay"]["decision"], "deny");
    // Judged as the shell command it is, exactly as a Bash call would be.
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("[belay: fs.delete-critical] "),
        "{error}"
    );

    // Ask, and this client cannot ask the user: refused, saying so.
    let asked = client.call(5, "run_shell", json!({"command": UNPARSABLE}));
    assert_eq!(asked.len(), 1, "nothing from the server: {asked:?}");
    assert_eq!(asked[0]["error"]["data"]["belay"]["decision"], "ask");
    let message = asked[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("[belay: engine.unparsed] "),
        "{message}"
    );
    assert!(
        message.contains("declared no elicitation support"),
        "{message}"
    );

    // Allowed and clean: the server's answer byte for byte (same JSON, no warning).
    let notes = client.call(4, "search_notes", json!({"query": "release"}));
    assert_eq!(
        response(&notes)["result"],
        json!({"content":[{"type":"text","text":"release"}],"isError":false})
    );

    let (code, stderr, log, home) = client.finish();
    assert_eq!(code, Some(0), "stderr: {stderr}");
    assert!(
        stderr.contains("fixture: started"),
        "server stderr is passed through: {stderr}"
    );
    assert!(stderr.contains("denied tools/call run_shell"), "{stderr}");
    assert_eq!(
        tool_calls_seen_by_server(&log),
        vec!["get_page", "search_notes"]
    );
    assert!(
        log.iter()
            .any(|m| m["id"] == ping_id && m["result"] == json!({}))
    );

    // Everything is in the store, under the proxy's session.
    let store = belay_store::Store::open(&home.join("belay").join("belay.db")).expect("store");
    let calls = store
        .query_calls(&belay_store::CallFilter::default())
        .expect("calls");
    let mut seen: Vec<String> = calls
        .iter()
        .map(|c| {
            let decision = c.decision.map(|d| d.as_str()).unwrap_or("-");
            format!("{} {} {}", c.agent, c.tool, decision)
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            "mcp-proxy mcp__fixture__get_page allow",
            "mcp-proxy mcp__fixture__run_shell ask",
            "mcp-proxy mcp__fixture__run_shell deny",
            "mcp-proxy mcp__fixture__search_notes allow",
        ]
    );
    let session = &calls[0].session_id;
    assert!(session.starts_with("mcp-fixture-"), "{session}");
    let results = store.results(session).expect("results");
    let injected: Vec<(String, bool)> = results
        .iter()
        .map(|r| (r.tool.clone(), r.injected))
        .collect();
    assert_eq!(
        injected,
        vec![
            ("mcp__fixture__get_page".to_string(), true),
            ("mcp__fixture__search_notes".to_string(), false),
        ]
    );
    assert!(
        results.iter().all(|r| r.call_id.is_some()),
        "results link to their calls"
    );
    assert!(!store.suspects(session).expect("suspects").is_empty());
    let _ = std::fs::remove_dir_all(&home);
}

#[test]
fn ask_becomes_an_elicitation_when_the_client_supports_it() {
    let mut client = Client::start(&[]);
    client.initialize_with(json!({"elicitation": {}}));
    for (id, approve) in [(5u64, true), (6, false)] {
        client.send(&json!({"jsonrpc":"2.0","id":id,"method":"tools/call","params":{"name":"run_shell","arguments":{"command":UNPARSABLE}}}));
        // belay asks the client's user; the server has seen nothing yet.
        let elicit = client.next();
        assert_eq!(elicit["method"], "elicitation/create", "{elicit}");
        let message = elicit["params"]["message"].as_str().unwrap();
        assert!(message.contains("run_shell"), "{message}");
        assert!(message.contains("[belay: engine.unparsed]"), "{message}");
        assert_eq!(
            elicit["params"]["requestedSchema"]["properties"]["approve"]["type"],
            "boolean"
        );
        let answer = if approve {
            json!({"action": "accept", "content": {"approve": true}})
        } else {
            json!({"action": "decline"})
        };
        client.send(&json!({"jsonrpc":"2.0","id":elicit["id"],"result":answer}));
        let messages = client.until_response(&json!(id));
        let last = response(&messages);
        if approve {
            assert_eq!(
                messages.len(),
                3,
                "notification, ping, response: {messages:?}"
            );
            let text = last["result"]["content"][0]["text"].as_str().unwrap();
            assert_eq!(text, format!("fixture did not run: {UNPARSABLE}"));
        } else {
            assert_eq!(messages.len(), 1, "{messages:?}");
            assert_eq!(last["error"]["data"]["belay"]["decision"], "ask");
            assert!(
                last["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("did not approve it: decline")
            );
        }
    }
    let (code, stderr, log, home) = client.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        tool_calls_seen_by_server(&log),
        vec!["run_shell"],
        "only the approved call"
    );
    let _ = std::fs::remove_dir_all(home);
}

#[test]
fn large_messages_both_ways_with_interleaved_server_traffic() {
    let mut client = Client::start(&[]);
    client.initialize();
    // Everything is written before anything is read: a proxy that relays on one thread, or
    // blocks a direction on the other, would stall here.
    let big = "q".repeat(1536 * 1024);
    for id in 10..14u64 {
        client.send(&json!({"jsonrpc":"2.0","id":id,"method":"tools/call","params":{"name":"search_notes","arguments":{"query":big}}}));
    }
    client.send(&json!({"jsonrpc":"2.0","id":14,"method":"tools/call","params":{"name":"get_blob","arguments":{"bytes":3 * 1024 * 1024}}}));
    let mut answers = 0;
    let mut interleaved = 0;
    while answers < 5 {
        let message = client.next();
        match message.get("method").and_then(Value::as_str) {
            Some("notifications/message") | Some("ping") => interleaved += 1,
            Some(other) => panic!("unexpected {other}"),
            None => {
                answers += 1;
                let id = message["id"].as_u64().expect("numeric id");
                let text = message["result"]["content"][0]["text"]
                    .as_str()
                    .expect("text");
                let want = if id == 14 { 3 * 1024 * 1024 } else { big.len() };
                assert_eq!(text.len(), want, "id {id}");
            }
        }
    }
    assert_eq!(interleaved, 10);
    let (code, stderr, log, home) = client.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(tool_calls_seen_by_server(&log).len(), 5);
    let _ = std::fs::remove_dir_all(home);
}

#[test]
fn malformed_client_input_never_reaches_the_server() {
    let mut client = Client::start(&[]);
    client.initialize();
    let batch = json!([{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"run_shell","arguments":{"command":DESTRUCTIVE}}}]);
    let notification = json!({"jsonrpc":"2.0","method":"tools/call","params":{"name":"run_shell","arguments":{"command":DESTRUCTIVE}}});
    let cut = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":{{\"name\":\"run_shell\",\"arguments\":{{\"command\":{}}}}}",
        json!(DESTRUCTIVE)
    );
    client.send_raw(b"this is not json");
    assert_eq!(client.next()["error"]["code"], -32700);
    client.send_raw(cut.as_bytes());
    assert_eq!(client.next()["error"]["code"], -32700);
    client.send(&batch);
    assert_eq!(client.next()["error"]["code"], -32600);
    client.send(&notification);
    // The notification gets no answer; a ping afterwards proves the proxy moved on.
    client.send(&json!({"jsonrpc":"2.0","id":22,"method":"ping"}));
    assert_eq!(client.next(), json!({"jsonrpc":"2.0","id":22,"result":{}}));
    let (code, stderr, log, home) = client.finish();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(tool_calls_seen_by_server(&log).is_empty(), "{log:?}");
    assert_eq!(log.len(), 3, "initialize, initialized, ping: {log:?}");
    let _ = std::fs::remove_dir_all(home);
}

#[test]
fn the_servers_exit_code_is_the_proxys() {
    let client = Client::start(&["--exit-code", "7"]);
    let (code, stderr, _, home) = client.finish();
    assert_eq!(code, Some(7), "{stderr}");
    assert!(stderr.contains("session mcp-fixture-"), "{stderr}");
    let _ = std::fs::remove_dir_all(home);
}

#[test]
fn a_server_that_cannot_start_is_an_error() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_belay"))
        .args(["mcp-proxy", "--", "/nonexistent/mcp-server"])
        .env("HOME", home.path())
        .env("BELAY_HOME", home.path().join("belay"))
        .stdin(Stdio::null())
        .output()
        .expect("run belay");
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty(), "nothing but MCP on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("starting the MCP server `/nonexistent/mcp-server`"),
        "{stderr}"
    );
}
