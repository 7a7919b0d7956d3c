//! A small, blocking, provider-neutral chat client over `ureq`.
//!
//! One call = one `POST` with a system prompt and one user message, answered by the model's
//! text plus latency and token counts. No retries (a hook has a latency budget; the combiner
//! falls back to the rules instead), no redirects, no streaming, no async runtime. Responses are
//! read up to 1 MiB.
//!
//! Wire formats:
//!
//! * Anthropic: `POST {base}/v1/messages` with `x-api-key`, `anthropic-version: 2023-06-01`;
//!   body `{model, max_tokens, system, messages:[{role:"user",content}]}`; answer
//!   `content[0].text` (the first `text` block), `usage.input_tokens` / `usage.output_tokens`.
//! * OpenAI-compatible: `POST {base}/chat/completions` with `Authorization: Bearer KEY` when a
//!   key is configured; body `{model, max_tokens, messages:[{role:"system"},{role:"user"}]}`;
//!   answer `choices[0].message.content`, `usage.prompt_tokens` / `usage.completion_tokens`.

use crate::config::{ModelConfig, Provider};
use crate::error::{ModelError, excerpt};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The Anthropic API version header value.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// Largest response body read.
const RESPONSE_LIMIT: u64 = 1 << 20;

/// Cost of one HTTP request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CallStats {
    /// Wall-clock time of the request, in milliseconds.
    pub latency_ms: u64,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
}

/// The model's text answer and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    pub stats: CallStats,
}

/// A configured client. Cheap to keep around; holds a connection pool.
pub struct Client {
    config: ModelConfig,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Validates `config` and builds the HTTP agent. Does not touch the network or read the key.
    pub fn new(config: ModelConfig) -> Result<Client, ModelError> {
        config.validate()?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("belay/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client { config, agent })
    }

    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    /// The JSON body for one request.
    pub fn request_body(&self, system: &str, user: &str, max_tokens: u32) -> Value {
        match self.config.provider {
            Provider::Anthropic => json!({
                "model": self.config.model,
                "max_tokens": max_tokens,
                "system": system,
                "messages": [{"role": "user", "content": user}],
            }),
            Provider::OpenAi => json!({
                "model": self.config.model,
                "max_tokens": max_tokens,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
            }),
        }
    }

    /// Sends one system prompt + user message and returns the model's text.
    pub fn complete(
        &self,
        system: &str,
        user: &str,
        max_tokens: u32,
    ) -> Result<Completion, ModelError> {
        let key = self.config.resolve_key()?;
        let body = self.request_body(system, user, max_tokens).to_string();
        let url = self.config.endpoint();

        let mut request = self
            .agent
            .post(url.as_str())
            .header("content-type", "application/json")
            .header("accept", "application/json");
        request = match (self.config.provider, key) {
            (Provider::Anthropic, Some(key)) => request
                .header("x-api-key", key.as_str())
                .header("anthropic-version", ANTHROPIC_VERSION),
            (Provider::Anthropic, None) => request.header("anthropic-version", ANTHROPIC_VERSION),
            (Provider::OpenAi, Some(key)) => {
                request.header("authorization", format!("Bearer {key}").as_str())
            }
            (Provider::OpenAi, None) => request,
        };

        let started = Instant::now();
        let mut response = request
            .send(body.as_bytes())
            .map_err(|e| transport_error(e, started.elapsed()))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(RESPONSE_LIMIT)
            .read_to_string()
            .map_err(|e| transport_error(e, started.elapsed()))?;
        let latency = started.elapsed();

        if !(200..300).contains(&status) {
            return Err(ModelError::Http {
                status,
                body: excerpt(text.trim(), 300),
            });
        }
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            ModelError::BadResponse(format!("not JSON ({e}): {}", excerpt(&text, 200)))
        })?;
        let (answer, stats) = match self.config.provider {
            Provider::Anthropic => parse_anthropic(&value)?,
            Provider::OpenAi => parse_openai(&value)?,
        };
        Ok(Completion {
            text: answer,
            stats: CallStats {
                latency_ms: millis(latency),
                ..stats
            },
        })
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn transport_error(e: ureq::Error, elapsed: Duration) -> ModelError {
    match e {
        ureq::Error::Timeout(t) => ModelError::Timeout {
            elapsed,
            what: t.to_string(),
        },
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            ModelError::Timeout {
                elapsed,
                what: io.to_string(),
            }
        }
        other => ModelError::Transport(other.to_string()),
    }
}

fn tokens(v: &Value, key: &str) -> Option<u64> {
    v.get("usage")
        .and_then(|u| u.get(key))
        .and_then(Value::as_u64)
}

fn api_error(v: &Value) -> Option<String> {
    v.get("error").map(|e| {
        let msg = e
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| e.to_string());
        excerpt(&msg, 200)
    })
}

fn parse_anthropic(v: &Value) -> Result<(String, CallStats), ModelError> {
    let blocks = v.get("content").and_then(Value::as_array).ok_or_else(|| {
        ModelError::BadResponse(match api_error(v) {
            Some(e) => format!("error object instead of content: {e}"),
            None => "no `content` array".into(),
        })
    })?;
    let text = blocks
        .iter()
        .find(|b| b.get("type").and_then(Value::as_str) == Some("text"))
        .and_then(|b| b.get("text"))
        .and_then(Value::as_str)
        .ok_or_else(|| ModelError::BadResponse("no text block in `content`".into()))?;
    Ok((
        text.to_string(),
        CallStats {
            latency_ms: 0,
            input_tokens: tokens(v, "input_tokens"),
            output_tokens: tokens(v, "output_tokens"),
        },
    ))
}

fn parse_openai(v: &Value) -> Result<(String, CallStats), ModelError> {
    let choice = v
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
        .ok_or_else(|| {
            ModelError::BadResponse(match api_error(v) {
                Some(e) => format!("error object instead of choices: {e}"),
                None => "no `choices[0]`".into(),
            })
        })?;
    let text = choice
        .get("message")
        .and_then(|m| m.get("content"))
        .and_then(Value::as_str)
        .ok_or_else(|| ModelError::BadResponse("no string `choices[0].message.content`".into()))?;
    Ok((
        text.to_string(),
        CallStats {
            latency_ms: 0,
            input_tokens: tokens(v, "prompt_tokens"),
            output_tokens: tokens(v, "completion_tokens"),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_wire_formats() {
        let a = json!({"content":[{"type":"text","text":"allow"}],
                       "usage":{"input_tokens":10,"output_tokens":1}});
        let (t, s) = parse_anthropic(&a).unwrap();
        assert_eq!(t, "allow");
        assert_eq!((s.input_tokens, s.output_tokens), (Some(10), Some(1)));
        let o = json!({"choices":[{"message":{"role":"assistant","content":"block"}}],
                       "usage":{"prompt_tokens":7,"completion_tokens":2}});
        let (t, s) = parse_openai(&o).unwrap();
        assert_eq!(t, "block");
        assert_eq!((s.input_tokens, s.output_tokens), (Some(7), Some(2)));
    }

    #[test]
    fn malformed_wire_is_bad_response() {
        for v in [
            json!({}),
            json!({"content": "x"}),
            json!({"content": []}),
            json!({"content": [{"type": "tool_use"}]}),
            json!({"error": {"message": "overloaded"}}),
        ] {
            assert!(matches!(
                parse_anthropic(&v),
                Err(ModelError::BadResponse(_))
            ));
        }
        for v in [
            json!({}),
            json!({"choices": []}),
            json!({"choices": [{"message": {"content": null}}]}),
            json!(null),
        ] {
            assert!(matches!(parse_openai(&v), Err(ModelError::BadResponse(_))));
        }
    }
}
