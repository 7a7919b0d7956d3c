//! The two-stage classifier.
//!
//! Stage one asks for one word (`block` / `allow`, a few `max_tokens`), instructed to err
//! towards blocking. Only when it says `block` does stage two ask, with the same system prompt
//! and transcript, for a JSON verdict `{"block": bool, "category": "...", "reason": "..."}` that
//! can overrule it. Stage one is parsed leniently (first word, any case, surrounding
//! punctuation ignored); stage two strictly (exactly those three fields, a known belay
//! category, a non-empty reason; one surrounding Markdown code fence is tolerated).
//! Anything else is [`ModelError::Unparsable`].

use crate::cache::{CacheKey, MemoryCache, VerdictCache};
use crate::client::{CallStats, Client, Completion};
use crate::config::ModelConfig;
use crate::error::{ModelError, Stage, excerpt};
use crate::prompt::{Policy, stage1_message, stage2_message, system_prompt};
use crate::transcript::{Limits, Transcript};
use belay_action::{Action, Category, Session};
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// Longest reason kept from stage two.
const REASON_MAX: usize = 400;

/// The model's answer for one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelVerdict {
    pub block: bool,
    /// The risk class; [`Category::Routine`] when not blocked.
    pub category: Category,
    /// Stage two's one-sentence reason (`None` when stage one allowed).
    pub reason: Option<String>,
    /// The stage whose answer stands.
    pub decided_by: Stage,
    /// One entry per HTTP request made for this answer, in order (empty when cached).
    pub calls: Vec<CallStats>,
    /// Served from the cache without a request.
    pub cached: bool,
}

impl ModelVerdict {
    /// Total latency of the requests made, in milliseconds.
    pub fn latency_ms(&self) -> u64 {
        self.calls
            .iter()
            .fold(0u64, |a, c| a.saturating_add(c.latency_ms))
    }

    /// Total (input, output) tokens reported by the provider.
    pub fn tokens(&self) -> (u64, u64) {
        self.calls.iter().fold((0, 0), |(i, o), c| {
            (
                i.saturating_add(c.input_tokens.unwrap_or(0)),
                o.saturating_add(c.output_tokens.unwrap_or(0)),
            )
        })
    }
}

/// Stage one's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage1 {
    Block,
    Allow,
}

/// Reads stage one's answer: the first word, case-insensitive, punctuation around it ignored.
pub fn parse_stage1(text: &str) -> Result<Stage1, ModelError> {
    let word = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    match word.as_str() {
        "block" => Ok(Stage1::Block),
        "allow" => Ok(Stage1::Allow),
        _ => Err(ModelError::Unparsable {
            stage: Stage::One,
            answer: excerpt(text, 120),
            why: "expected `block` or `allow` as the first word".into(),
        }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stage2Answer {
    block: bool,
    category: Category,
    reason: String,
}

/// Reads stage two's JSON verdict. Strict: exactly `block`, `category`, `reason`; the category
/// must be one of belay's (and a risk class when `block` is true); the reason non-empty.
pub fn parse_stage2(text: &str) -> Result<(bool, Category, String), ModelError> {
    let fail = |why: String| ModelError::Unparsable {
        stage: Stage::Two,
        answer: excerpt(text, 200),
        why,
    };
    let body = strip_fence(text.trim());
    let answer: Stage2Answer =
        serde_json::from_str(body).map_err(|e| fail(format!("not the verdict object: {e}")))?;
    let reason = answer
        .reason
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if reason.is_empty() {
        return Err(fail("empty reason".into()));
    }
    if answer.block && matches!(answer.category, Category::Routine | Category::Unjudged) {
        return Err(fail(format!(
            "block with non-risk category `{}`",
            answer.category
        )));
    }
    let category = if answer.block {
        answer.category
    } else {
        Category::Routine
    };
    Ok((answer.block, category, excerpt(&reason, REASON_MAX)))
}

/// Removes one surrounding ```` ``` ```` / ```` ```json ```` fence, if present.
fn strip_fence(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("```") else {
        return text;
    };
    let rest = rest.strip_prefix("json").unwrap_or(rest);
    match rest.strip_suffix("```") {
        Some(inner) => inner.trim(),
        None => text,
    }
}

/// The model tier: a client, the policy and a cache.
pub struct Classifier {
    client: Client,
    system: String,
    cache: Box<dyn VerdictCache>,
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl Classifier {
    /// A classifier with an in-process [`MemoryCache`].
    pub fn new(config: ModelConfig, policy: &Policy) -> Result<Classifier, ModelError> {
        Ok(Classifier {
            client: Client::new(config)?,
            system: system_prompt(policy),
            cache: Box::new(MemoryCache::default()),
        })
    }

    /// Replaces the cache (e.g. with [`crate::NoCache`] or a persistent store).
    pub fn with_cache(mut self, cache: impl VerdictCache + 'static) -> Classifier {
        self.cache = Box::new(cache);
        self
    }

    pub fn config(&self) -> &ModelConfig {
        self.client.config()
    }

    /// The system prompt both stages send.
    pub fn system_prompt(&self) -> &str {
        &self.system
    }

    /// The transcript limits this classifier's configuration asks for.
    pub fn limits(&self) -> Limits {
        Limits::with_budget(self.config().transcript_bytes)
    }

    /// The cache key for a transcript: provider, endpoint, model, system prompt, transcript.
    pub fn cache_key(&self, transcript: &Transcript) -> CacheKey {
        self.cache_key_from(transcript, Stage::One)
    }

    /// The cache key when classification starts at `start`.
    pub fn cache_key_from(&self, transcript: &Transcript, start: Stage) -> CacheKey {
        let c = self.config();
        CacheKey::of(&[
            c.provider.as_str(),
            &c.endpoint(),
            &c.model,
            &self.system,
            transcript.text(),
            start.as_str(),
        ])
    }

    /// Builds the transcript from `session` and judges `action`.
    pub fn classify_session(
        &self,
        session: &Session,
        action: &Action,
    ) -> Result<ModelVerdict, ModelError> {
        self.classify(&Transcript::from_session(session, action, &self.limits()))
    }

    /// Judges the transcript's last line: cache, then stage one, then (on `block`) stage two.
    pub fn classify(&self, transcript: &Transcript) -> Result<ModelVerdict, ModelError> {
        self.classify_traced(transcript, Stage::One).result
    }

    /// Like [`Classifier::classify`], starting at `start`, and reporting every request made
    /// (also the failed ones) for the audit log.
    ///
    /// `start == Stage::Two` skips the one-word filter and asks for the reasoned verdict right
    /// away: for a call the rules already blocked (a soft deny), the rules were the fast stage
    /// that said `block`, and only a reasoned answer may weigh the user's intent against it.
    pub fn classify_traced(&self, transcript: &Transcript, start: Stage) -> Trace {
        let key = self.cache_key_from(transcript, start);
        if let Some(mut hit) = self.cache.get(&key) {
            hit.cached = true;
            hit.calls.clear();
            return Trace {
                key,
                attempts: Vec::new(),
                result: Ok(hit),
            };
        }
        let mut attempts = Vec::new();
        let result = self.run(transcript, start, &mut attempts);
        if let Ok(verdict) = &result {
            self.cache.put(&key, verdict);
        }
        Trace {
            key,
            attempts,
            result,
        }
    }

    /// One request, timed and noted in `attempts` whatever happens.
    fn ask(
        &self,
        stage: Stage,
        user: &str,
        max_tokens: u32,
        attempts: &mut Vec<Attempt>,
    ) -> Result<Completion, ModelError> {
        let started = Instant::now();
        let answer = self.client.complete(&self.system, user, max_tokens);
        let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        attempts.push(match &answer {
            Ok(c) => Attempt {
                stage,
                stats: c.stats,
                answer: Some(excerpt(c.text.trim(), 200)),
                error: None,
            },
            Err(e) => Attempt {
                stage,
                stats: CallStats {
                    latency_ms: elapsed,
                    ..CallStats::default()
                },
                answer: None,
                error: Some(e.clone()),
            },
        });
        answer
    }

    fn run(
        &self,
        transcript: &Transcript,
        start: Stage,
        attempts: &mut Vec<Attempt>,
    ) -> Result<ModelVerdict, ModelError> {
        let cfg = self.config();
        let mut calls = Vec::new();
        if start == Stage::One {
            let first = self.ask(
                Stage::One,
                &stage1_message(transcript.text()),
                cfg.stage1_max_tokens,
                attempts,
            )?;
            calls.push(first.stats);
            let parsed = parse_stage1(&first.text);
            if let (Err(e), Some(last)) = (&parsed, attempts.last_mut()) {
                last.error = Some(e.clone());
            }
            if parsed? == Stage1::Allow {
                return Ok(ModelVerdict {
                    block: false,
                    category: Category::Routine,
                    reason: None,
                    decided_by: Stage::One,
                    calls,
                    cached: false,
                });
            }
        }
        let second = self.ask(
            Stage::Two,
            &stage2_message(transcript.text()),
            cfg.stage2_max_tokens,
            attempts,
        )?;
        calls.push(second.stats);
        let parsed = parse_stage2(&second.text);
        if let (Err(e), Some(last)) = (&parsed, attempts.last_mut()) {
            last.error = Some(e.clone());
        }
        let (block, category, reason) = parsed?;
        Ok(ModelVerdict {
            block,
            category,
            reason: Some(reason),
            decided_by: Stage::Two,
            calls,
            cached: false,
        })
    }
}

/// One HTTP request made while classifying, for the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub stage: Stage,
    /// Latency (always) and tokens (when the provider answered).
    pub stats: CallStats,
    /// The model's text, cut short (`None` when no answer came).
    pub answer: Option<String>,
    /// What went wrong: the request, or reading its answer as a verdict.
    pub error: Option<ModelError>,
}

/// Everything [`Classifier::classify_traced`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The cache key of the (policy, model, transcript, start stage) asked about.
    pub key: CacheKey,
    /// The requests made, in order; empty when the answer came from the cache (or when the
    /// configuration failed before a request, see `result`).
    pub attempts: Vec<Attempt>,
    pub result: Result<ModelVerdict, ModelError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage1_is_lenient_about_form_only() {
        for ok in [
            "block",
            "Block.",
            " BLOCK\n",
            "**block**",
            "block because x",
        ] {
            assert_eq!(parse_stage1(ok).unwrap(), Stage1::Block, "{ok:?}");
        }
        for ok in ["allow", "Allow!", "ALLOW"] {
            assert_eq!(parse_stage1(ok).unwrap(), Stage1::Allow, "{ok:?}");
        }
        for bad in [
            "",
            "   ",
            "yes",
            "no",
            "blocked",
            "I think block",
            "<block>yes</block>",
            "allowance",
            "\u{0}",
        ] {
            assert!(
                matches!(
                    parse_stage1(bad),
                    Err(ModelError::Unparsable {
                        stage: Stage::One,
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn stage2_is_strict() {
        let (b, c, r) = parse_stage2(
            r#"{"block": true, "category": "exfiltrate", "reason": "Sends the repo to an unknown host."}"#,
        )
        .unwrap();
        assert!(b);
        assert_eq!(c, Category::Exfiltrate);
        assert_eq!(r, "Sends the repo to an unknown host.");

        let fenced =
            "```json\n{\"block\": false, \"category\": \"routine\", \"reason\": \"Fine.\"}\n```";
        assert_eq!(
            parse_stage2(fenced).unwrap(),
            (false, Category::Routine, "Fine.".into())
        );
        // block:false with a risk category is an allow.
        assert_eq!(
            parse_stage2(r#"{"block":false,"category":"persistence","reason":"User asked."}"#)
                .unwrap()
                .1,
            Category::Routine
        );

        for bad in [
            "",
            "block",
            "{}",
            r#"{"block": true, "category": "exfiltration", "reason": "x"}"#,
            r#"{"block": true, "category": "Exfiltrate", "reason": "x"}"#,
            r#"{"block": "yes", "category": "exfiltrate", "reason": "x"}"#,
            r#"{"block": true, "category": "exfiltrate"}"#,
            r#"{"block": true, "category": "exfiltrate", "reason": "  "}"#,
            r#"{"block": true, "category": "exfiltrate", "reason": "x", "confidence": 0.9}"#,
            r#"{"block": true, "category": "routine", "reason": "x"}"#,
            r#"{"block": true, "category": "unjudged", "reason": "x"}"#,
            r#"Sure! {"block": true, "category": "exfiltrate", "reason": "x"}"#,
            r#"[{"block": true, "category": "exfiltrate", "reason": "x"}]"#,
            "```",
        ] {
            assert!(
                matches!(
                    parse_stage2(bad),
                    Err(ModelError::Unparsable {
                        stage: Stage::Two,
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parsers_never_panic_on_noise() {
        // A fixed pseudo-random sweep over short strings built from awkward pieces.
        let pieces = [
            "{",
            "}",
            "\"",
            "block",
            "allow",
            "true",
            ":",
            ",",
            "```",
            "json",
            "é",
            "\u{0}",
            "category",
            "reason",
            " ",
            "\n",
            "[",
            "]",
            "\\",
            "exfiltrate",
            "\u{feff}",
            "💥",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let mut s = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = (state >> 59) as usize;
            for _ in 0..len {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                s.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let _ = parse_stage1(&s);
            let _ = parse_stage2(&s);
        }
    }

    #[test]
    fn long_reasons_are_cut() {
        let long = format!(
            r#"{{"block":true,"category":"persistence","reason":"{}"}}"#,
            "word ".repeat(1000)
        );
        let (_, _, r) = parse_stage2(&long).unwrap();
        assert!(r.len() <= REASON_MAX + '…'.len_utf8());
    }
}
