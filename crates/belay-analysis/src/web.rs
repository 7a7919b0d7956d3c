//! WebFetch and WebSearch: what leaves the machine in a URL.

use crate::{Analysis, Data, Effect, EffectKind};
use serde_json::Value;

pub fn analyze(tool: &str, input: &Value) -> Analysis {
    let mut effects = Vec::new();
    if tool == "WebFetch" {
        let Some(url) = input.get("url").and_then(Value::as_str) else {
            return Analysis {
                effects,
                incomplete: Some("the WebFetch call has no string `url`".into()),
            };
        };
        let host = host_of(url).unwrap_or_else(|| url.to_string());
        let data: Vec<Data> = match url.split_once('?') {
            Some((_, query)) if crate::looks_like_secret_text(query) => {
                vec![Data::Secret("a credential in the URL".into())]
            }
            Some((_, query)) if !query.is_empty() => vec![Data::Text(query.to_string())],
            _ => Vec::new(),
        };
        let kind = if data.is_empty() {
            EffectKind::Fetch { dest: host }
        } else {
            EffectKind::Send {
                dest: host,
                data,
                public: false,
            }
        };
        effects.push(Effect::new(kind, format!("WebFetch {url}")));
    }
    Analysis {
        effects,
        incomplete: None,
    }
}

/// The host of a URL (`https://user@a.b:8080/x` → `a.b`); also accepts `host/path` and `user@host:path`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit('@').next()?;
    let host = if authority.starts_with('[') {
        authority.split(']').next()?.trim_start_matches('[')
    } else {
        authority.split(':').next()?
    };
    let host = host.trim().trim_end_matches('.').to_lowercase();
    if host.is_empty() { None } else { Some(host) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts() {
        for (url, host) in [
            ("https://a.example.com/x?y", "a.example.com"),
            ("http://user:pw@10.0.0.1:8080/", "10.0.0.1"),
            ("git@github.com:acme/x.git", "github.com"),
            ("example.org", "example.org"),
        ] {
            assert_eq!(super::host_of(url).as_deref(), Some(host), "{url}");
        }
    }
}
