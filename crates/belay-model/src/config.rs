//! How to reach a model: provider, endpoint, model name, where the key lives, timeouts.
//!
//! # Endpoints
//!
//! `base_url` follows each provider's own SDK convention, so the value users already have in
//! `ANTHROPIC_BASE_URL` / `OPENAI_BASE_URL` works unchanged:
//!
//! * [`Provider::Anthropic`]: `base_url` is the host root (default `https://api.anthropic.com`);
//!   requests go to `{base_url}/v1/messages`.
//! * [`Provider::OpenAi`]: `base_url` already includes the version prefix (default
//!   `https://api.openai.com/v1`; Ollama `http://localhost:11434/v1`, vLLM
//!   `http://host:8000/v1`, OpenRouter `https://openrouter.ai/api/v1`); requests go to
//!   `{base_url}/chat/completions`.
//!
//! A trailing `/` on `base_url` is ignored.
//!
//! # Keys
//!
//! The key is read from the environment variable named by `api_key_env` at request time
//! (never stored in config files). Anthropic always needs a key; for OpenAI-compatible servers
//! `api_key_env = None` means "no `Authorization` header" (local servers). A named but unset
//! variable is always [`ModelError::MissingKey`]. `api_key` overrides the environment (tests,
//! embedding); it is redacted from `Debug`.
//!
//! # Timeouts
//!
//! `connect_timeout` bounds connecting; `timeout` bounds each whole request (connect, send,
//! wait, read). A blocked action makes two requests at most, so the worst case is twice
//! `timeout`.

use crate::error::ModelError;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The wire format to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// The Anthropic Messages API.
    Anthropic,
    /// OpenAI chat completions and the many servers that copy it.
    #[serde(rename = "openai")]
    OpenAi,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
            Provider::OpenAi => "openai",
        }
    }

    pub fn parse(s: &str) -> Option<Provider> {
        match s.trim().to_ascii_lowercase().as_str() {
            "anthropic" => Some(Provider::Anthropic),
            "openai" | "openai-compatible" => Some(Provider::OpenAi),
            _ => None,
        }
    }

    /// The provider's public endpoint, in the form [`ModelConfig::base_url`] expects.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Anthropic => "https://api.anthropic.com",
            Provider::OpenAi => "https://api.openai.com/v1",
        }
    }

    /// The conventional key variable.
    pub fn default_key_env(self) -> &'static str {
        match self {
            Provider::Anthropic => "ANTHROPIC_API_KEY",
            Provider::OpenAi => "OPENAI_API_KEY",
        }
    }
}

/// Everything needed to call a model.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    pub provider: Provider,
    /// See the module docs for what each provider expects here.
    pub base_url: String,
    pub model: String,
    /// Name of the environment variable holding the key.
    pub api_key_env: Option<String>,
    /// A key given directly; wins over `api_key_env`. Never serialized.
    #[serde(skip)]
    pub api_key: Option<String>,
    #[serde(with = "millis")]
    pub connect_timeout: Duration,
    /// Bound on each whole request.
    #[serde(with = "millis")]
    pub timeout: Duration,
    /// `max_tokens` for stage one (a single word is expected).
    pub stage1_max_tokens: u32,
    /// `max_tokens` for stage two (a small JSON object is expected).
    pub stage2_max_tokens: u32,
    /// Upper bound on the transcript sent, in bytes.
    pub transcript_bytes: usize,
}

impl std::fmt::Debug for ModelConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelConfig")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key_env", &self.api_key_env)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("stage1_max_tokens", &self.stage1_max_tokens)
            .field("stage2_max_tokens", &self.stage2_max_tokens)
            .field("transcript_bytes", &self.transcript_bytes)
            .finish()
    }
}

impl ModelConfig {
    /// Defaults for `provider`: its public endpoint and conventional key variable, 3 s connect,
    /// 15 s per request, 24 KB of transcript.
    pub fn new(provider: Provider, model: impl Into<String>) -> ModelConfig {
        ModelConfig {
            provider,
            base_url: provider.default_base_url().to_string(),
            model: model.into(),
            api_key_env: Some(provider.default_key_env().to_string()),
            api_key: None,
            connect_timeout: Duration::from_secs(3),
            timeout: Duration::from_secs(15),
            stage1_max_tokens: 4,
            stage2_max_tokens: 300,
            transcript_bytes: crate::transcript::DEFAULT_BUDGET,
        }
    }

    /// The full URL requests are posted to.
    pub fn endpoint(&self) -> String {
        let base = self.base_url.trim_end_matches('/');
        match self.provider {
            Provider::Anthropic => format!("{base}/v1/messages"),
            Provider::OpenAi => format!("{base}/chat/completions"),
        }
    }

    /// The key to send, if any: `api_key`, else the variable named by `api_key_env`.
    ///
    /// Errors when a named variable is unset or empty, and when Anthropic has no key at all.
    pub fn resolve_key(&self) -> Result<Option<String>, ModelError> {
        if let Some(key) = &self.api_key {
            if key.is_empty() {
                return Err(ModelError::Config("api_key is empty".into()));
            }
            return Ok(Some(key.clone()));
        }
        match &self.api_key_env {
            Some(var) => match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => Ok(Some(v.trim().to_string())),
                _ => Err(ModelError::MissingKey { var: var.clone() }),
            },
            None if self.provider == Provider::Anthropic => Err(ModelError::Config(
                "the anthropic provider needs a key: set api_key_env".into(),
            )),
            None => Ok(None),
        }
    }

    /// Checks what can be checked without the network.
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.model.trim().is_empty() {
            return Err(ModelError::Config("model name is empty".into()));
        }
        let base = self.base_url.trim();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ModelError::Config(format!(
                "base_url must start with http:// or https://, got {:?}",
                crate::error::excerpt(base, 80)
            )));
        }
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(ModelError::Config("timeouts must be positive".into()));
        }
        if self.stage1_max_tokens == 0 || self.stage2_max_tokens == 0 {
            return Err(ModelError::Config("max_tokens must be positive".into()));
        }
        Ok(())
    }
}

mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_sdk_conventions() {
        let mut c = ModelConfig::new(Provider::Anthropic, "m");
        assert_eq!(c.endpoint(), "https://api.anthropic.com/v1/messages");
        c.base_url = "http://127.0.0.1:9/".into();
        assert_eq!(c.endpoint(), "http://127.0.0.1:9/v1/messages");
        let mut o = ModelConfig::new(Provider::OpenAi, "m");
        assert_eq!(o.endpoint(), "https://api.openai.com/v1/chat/completions");
        o.base_url = "http://localhost:11434/v1/".into();
        assert_eq!(o.endpoint(), "http://localhost:11434/v1/chat/completions");
    }

    #[test]
    fn keys() {
        let mut c = ModelConfig::new(Provider::Anthropic, "m");
        c.api_key_env = Some("BELAY_MODEL_TEST_CONFIG_UNSET_7f3a".into());
        assert_eq!(
            c.resolve_key(),
            Err(ModelError::MissingKey {
                var: "BELAY_MODEL_TEST_CONFIG_UNSET_7f3a".into()
            })
        );
        c.api_key = Some("k".into());
        assert_eq!(c.resolve_key(), Ok(Some("k".into())));
        c.api_key = None;
        c.api_key_env = None;
        assert!(matches!(c.resolve_key(), Err(ModelError::Config(_))));
        let mut o = ModelConfig::new(Provider::OpenAi, "m");
        o.api_key_env = None;
        assert_eq!(o.resolve_key(), Ok(None));
    }

    #[test]
    fn debug_redacts_key() {
        let mut c = ModelConfig::new(Provider::OpenAi, "m");
        c.api_key = Some("sekrit-value".into());
        assert!(!format!("{c:?}").contains("sekrit-value"));
    }

    #[test]
    fn validate_and_parse() {
        assert_eq!(Provider::parse("OpenAI"), Some(Provider::OpenAi));
        assert_eq!(Provider::parse("x"), None);
        let mut c = ModelConfig::new(Provider::OpenAi, "m");
        assert!(c.validate().is_ok());
        c.base_url = "ftp://x".into();
        assert!(c.validate().is_err());
        c.base_url = "http://x".into();
        c.model = " ".into();
        assert!(c.validate().is_err());
    }
}
