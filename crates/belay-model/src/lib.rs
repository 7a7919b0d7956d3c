//! belay's optional model tier: a reasoning-blind, two-stage classifier for what the rules
//! cannot judge.
//!
//! The pieces, in the order a hook would use them:
//!
//! 1. [`Transcript`] — the only thing the model sees: the user's messages and the agent's tool
//!    calls (never agent prose, never tool output), size-bounded, action under review last.
//! 2. [`Classifier`] — stage one asks for one word (`block` / `allow`); only on `block` does
//!    stage two ask for a strict JSON verdict. Answers are cached ([`VerdictCache`]).
//!    Speaks the Anthropic Messages API and OpenAI-compatible chat completions over blocking
//!    HTTP ([`Client`], configured by [`ModelConfig`]).
//! 3. [`combine()`] — merges the model's answer into the rules' [`belay_action::Verdict`]: the
//!    model decides what the rules were unsure of, may clear a soft deny only when the user
//!    explicitly asked, never clears a hard deny, and any failure falls back to the rules (or
//!    `ask`). The returned [`Outcome`] says which happened.
//!
//! ```no_run
//! use belay_model::{Classifier, ModelConfig, Policy, Provider, Transcript, combine};
//! # fn demo(session: &belay_action::Session, action: &belay_action::Action,
//! #         rule: &belay_action::Verdict) -> Result<(), belay_model::ModelError> {
//! let config = ModelConfig::new(Provider::Anthropic, "claude-haiku-4-5");
//! let classifier = Classifier::new(config, &Policy::default())?;
//! let answer = classifier.classify_session(session, action);
//! let (verdict, outcome) = combine(rule, true, answer, false);
//! # let _ = (verdict, outcome); Ok(()) }
//! ```

pub mod cache;
pub mod classify;
pub mod client;
pub mod combine;
pub mod config;
pub mod error;
pub mod prompt;
pub mod transcript;

pub use cache::{CacheKey, MemoryCache, NoCache, VerdictCache};
pub use classify::{Attempt, Classifier, ModelVerdict, Stage1, Trace, parse_stage1, parse_stage2};
pub use client::{CallStats, Client, Completion};
pub use combine::{MODEL_RULE, Outcome, combine};
pub use config::{ModelConfig, Provider};
pub use error::{ErrorKind, ModelError, Stage};
pub use prompt::Policy;
pub use transcript::{Entry, Limits, Transcript};
