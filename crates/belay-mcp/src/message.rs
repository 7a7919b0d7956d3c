//! JSON-RPC 2.0 messages as MCP uses them: what one line is, and the pieces of a `tools/call`.
//!
//! [`parse`] reads one line into a [`Parsed`] (one message, a batch, or not JSON);
//! [`classify`] says what a message is. The rule that matters for safety: any object with a
//! string `method` is a request when it has an `id` key at all (even `null` or a wrong type)
//! and a notification otherwise, so a `tools/call` can never hide as "something else" and slip
//! past judgment. [`error_response`] builds the JSON-RPC errors the proxy answers with.

use serde::Serialize;
use serde_json::{Map, Value};

/// JSON-RPC: invalid JSON was received.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC: the JSON sent is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC: invalid method parameters.
pub const INVALID_PARAMS: i64 = -32602;
/// Implementation-defined server error (JSON-RPC reserves -32000..-32099): belay refused the call.
pub const DENIED: i64 = -32001;

/// One line, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A single JSON value (an object, or anything else JSON).
    Single(Value),
    /// A JSON array: a JSON-RPC batch (removed from MCP in 2025-06-18).
    Batch(Vec<Value>),
    /// Not JSON (or not UTF-8): the parser's message.
    NotJson(String),
}

/// Parses one line. Never panics.
pub fn parse(line: &[u8]) -> Parsed {
    match serde_json::from_slice::<Value>(line) {
        Ok(Value::Array(items)) => Parsed::Batch(items),
        Ok(value) => Parsed::Single(value),
        Err(e) => Parsed::NotJson(e.to_string()),
    }
}

/// What a JSON-RPC message is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// A request: `method` and an `id` key (whatever the id's type).
    Request { id: &'a Value, method: &'a str },
    /// A notification: `method` and no `id` key.
    Notification { method: &'a str },
    /// A response: an `id`, a `result` or an `error`, and no `method`.
    Response { id: &'a Value },
    /// Anything else (not an object, a non-string method, neither result nor error, ...).
    Invalid(&'static str),
}

/// Classifies one message.
pub fn classify(value: &Value) -> Kind<'_> {
    let Value::Object(obj) = value else {
        return Kind::Invalid("a JSON-RPC message must be an object");
    };
    match obj.get("method") {
        Some(Value::String(method)) => match obj.get("id") {
            Some(id) => Kind::Request { id, method },
            None => Kind::Notification { method },
        },
        Some(_) => Kind::Invalid("`method` is not a string"),
        None => match obj.get("id") {
            Some(id) if obj.contains_key("result") || obj.contains_key("error") => {
                Kind::Response { id }
            }
            Some(_) => Kind::Invalid("a response needs `result` or `error`"),
            None => Kind::Invalid("neither a request, a notification nor a response"),
        },
    }
}

/// A `tools/call` request, read from its `params`.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    /// The request's id, as the client sent it.
    pub id: Value,
    /// `params.name`.
    pub name: String,
    /// `params.arguments` (an empty object when absent).
    pub arguments: Value,
}

impl ToolCall {
    /// Reads a `tools/call` request. `Err` says what is wrong with its params (the request is
    /// then answered with [`INVALID_PARAMS`], never forwarded).
    pub fn from_request(id: &Value, request: &Value) -> Result<ToolCall, &'static str> {
        let params = match request.get("params") {
            Some(Value::Object(params)) => params,
            Some(_) => return Err("`params` is not an object"),
            None => return Err("`params` is missing"),
        };
        let name = match params.get("name") {
            Some(Value::String(name)) => name.clone(),
            Some(_) => return Err("`params.name` is not a string"),
            None => return Err("`params.name` is missing"),
        };
        let arguments = match params.get("arguments") {
            Some(Value::Object(args)) => Value::Object(args.clone()),
            None | Some(Value::Null) => Value::Object(Map::new()),
            Some(_) => return Err("`params.arguments` is not an object"),
        };
        Ok(ToolCall {
            id: id.clone(),
            name,
            arguments,
        })
    }
}

/// The key a request id is remembered under: its JSON text (`1` and `"1"` differ), with a
/// whole number written as an integer (a server may answer `1.0` with `1`, and that answer
/// must still be matched to its call and screened).
pub fn id_key(id: &Value) -> String {
    if let Value::Number(n) = id
        && n.as_i64().is_none()
        && n.as_u64().is_none()
        && let Some(f) = n.as_f64()
        && f.fract() == 0.0
        && f.abs() < 9.0e15
    {
        return (f as i64).to_string();
    }
    id.to_string()
}

/// A JSON-RPC error response, as one line (no newline). Fields in the order the spec lists
/// them, whatever `serde_json`'s map features.
pub fn error_response(id: &Value, code: i64, message: &str, data: Option<Value>) -> Vec<u8> {
    #[derive(Serialize)]
    struct Error<'a> {
        code: i64,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        data: Option<Value>,
    }
    #[derive(Serialize)]
    struct Response<'a> {
        jsonrpc: &'static str,
        id: &'a Value,
        error: Error<'a>,
    }
    let response = Response {
        jsonrpc: "2.0",
        id,
        error: Error {
            code,
            message,
            data,
        },
    };
    serde_json::to_vec(&response).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn classify_table() {
        let cases: &[(&str, &str)] = &[
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"tools/call"}"#,
                "request tools/call",
            ),
            (
                r#"{"jsonrpc":"2.0","id":"a","method":"ping"}"#,
                "request ping",
            ),
            (
                r#"{"jsonrpc":"2.0","id":null,"method":"tools/call"}"#,
                "request tools/call",
            ),
            (
                r#"{"jsonrpc":"2.0","id":[1],"method":"tools/call"}"#,
                "request tools/call",
            ),
            (r#"{"method":"tools/call"}"#, "notification tools/call"),
            (
                r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
                "notification notifications/initialized",
            ),
            (r#"{"jsonrpc":"2.0","id":1,"result":{}}"#, "response"),
            (
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}}"#,
                "response",
            ),
            (r#"{"jsonrpc":"2.0","id":1}"#, "invalid"),
            (r#"{"jsonrpc":"2.0","method":1,"id":1}"#, "invalid"),
            (r#"{}"#, "invalid"),
            (r#""tools/call""#, "invalid"),
            (r#"null"#, "invalid"),
        ];
        for (line, want) in cases {
            let Parsed::Single(value) = parse(line.as_bytes()) else {
                panic!("{line} did not parse as one value");
            };
            let got = match classify(&value) {
                Kind::Request { method, .. } => format!("request {method}"),
                Kind::Notification { method } => format!("notification {method}"),
                Kind::Response { .. } => "response".to_string(),
                Kind::Invalid(_) => "invalid".to_string(),
            };
            assert_eq!(&got, want, "{line}");
        }
    }

    #[test]
    fn escaped_method_is_the_same_method() {
        // The server decodes escapes too: judgment must see the decoded name.
        let Parsed::Single(v) = parse(br#"{"id":1,"method":"tools\/c\u0061ll"}"#) else {
            panic!()
        };
        assert_eq!(
            classify(&v),
            Kind::Request {
                id: &json!(1),
                method: "tools/call"
            }
        );
    }

    #[test]
    fn parse_table() {
        assert!(matches!(parse(b"[]"), Parsed::Batch(v) if v.is_empty()));
        assert!(matches!(parse(b"[{},{}]"), Parsed::Batch(v) if v.len() == 2));
        assert!(matches!(parse(b"{\"a\":"), Parsed::NotJson(_)));
        assert!(matches!(parse(b""), Parsed::NotJson(_)));
        assert!(matches!(parse(b"{} {}"), Parsed::NotJson(_)));
        assert!(matches!(parse(b"\xff\xfe{}"), Parsed::NotJson(_)));
        assert!(matches!(parse(b"  {}  "), Parsed::Single(_)));
    }

    #[test]
    fn tool_call_params_table() {
        /// (request, Ok((name, arguments)) or the error)
        type Case<'a> = (&'a str, Result<(&'a str, &'a str), &'a str>);
        let cases: &[Case] = &[
            (
                r#"{"params":{"name":"get","arguments":{"a":1}}}"#,
                Ok(("get", r#"{"a":1}"#)),
            ),
            (r#"{"params":{"name":"get"}}"#, Ok(("get", "{}"))),
            (
                r#"{"params":{"name":"get","arguments":null}}"#,
                Ok(("get", "{}")),
            ),
            (r#"{}"#, Err("`params` is missing")),
            (r#"{"params":[1]}"#, Err("`params` is not an object")),
            (r#"{"params":{}}"#, Err("`params.name` is missing")),
            (
                r#"{"params":{"name":7}}"#,
                Err("`params.name` is not a string"),
            ),
            (
                r#"{"params":{"name":"x","arguments":"rm"}}"#,
                Err("`params.arguments` is not an object"),
            ),
        ];
        for (request, want) in cases {
            let value: Value = serde_json::from_str(request).unwrap();
            let got = ToolCall::from_request(&json!(3), &value)
                .map(|c| (c.name, c.arguments.to_string()));
            let want = want.map(|(n, a)| (n.to_string(), a.to_string()));
            assert_eq!(got, want, "{request}");
        }
    }

    #[test]
    fn id_keys_table() {
        let cases: &[(&str, &str)] = &[
            ("1", "1"),
            ("1.0", "1"),
            ("-3.0", "-3"),
            ("1.5", "1.5"),
            ("18446744073709551615", "18446744073709551615"),
            (r#""1""#, r#""1""#),
            ("null", "null"),
        ];
        for (id, want) in cases {
            let id: Value = serde_json::from_str(id).unwrap();
            assert_eq!(id_key(&id), *want, "{id}");
        }
    }

    #[test]
    fn error_response_shape() {
        let line = error_response(&json!("x"), DENIED, "no", Some(json!({"decision":"deny"})));
        insta::assert_snapshot!(
            String::from_utf8(line).unwrap(),
            @r#"{"jsonrpc":"2.0","id":"x","error":{"code":-32001,"message":"no","data":{"decision":"deny"}}}"#
        );
    }
}
