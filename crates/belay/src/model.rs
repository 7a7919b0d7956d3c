//! The model tier in the hook: which rule verdicts a configured model is asked about, and how
//! its answer, its cost and its failures are recorded.
//!
//! The model is consulted only when one is configured (`[model]` in the user's `config.toml`)
//! and the rules are unsure ([`uncertainty`]):
//!
//! * [`Uncertainty::Unjudged`]: the rules answered `ask` because they could not judge a call
//!   they could read (`engine.unparsed`: an unknown tool, an input of an unknown shape, shell
//!   the analysis could not follow). The model may allow or deny it.
//! * [`Uncertainty::SoftDeny`]: a soft rule denied the call and the user has said something in
//!   this session (so their intent might cover it). The rules already said `block`, so only
//!   the reasoned stage is asked; its allow clears the deny only because the rules' own intent
//!   matcher is literal and the model's stage-two prompt applies the same "explicitly asked for
//!   exactly this" policy. A hard deny, a `user.boundary` deny and a soft deny with no user
//!   message never reach the model.
//!
//! Everything else (allows, hard denies, `ask`s for malformed or oversize input, internal
//! errors) never touches the network. Every request and cache hit is a `model_calls` row;
//! answers are cached in the store by the hash of (provider, endpoint, model, system prompt,
//! transcript, stage). Any failure leaves the rules' verdict (`ask` when they were unsure) and
//! says so on stderr.

use belay_action::{Action, Decision, Session, Severity, Verdict};
use belay_model::{
    CacheKey, Classifier, ModelConfig, ModelError, ModelVerdict, Outcome, Policy, Provider, Stage,
    Trace, Transcript, VerdictCache, combine,
};
use belay_store::{ModelCallRecord, Store};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A store shared by the hook's model tier (its own connection to belay's database).
pub type SharedStore = Arc<Mutex<Store>>;

/// Why the rules' verdict goes to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncertainty {
    /// `ask` from `engine.unparsed`: readable, but not judgeable by the rules.
    Unjudged,
    /// A soft deny that the user's words in this session might clear.
    SoftDeny,
}

/// The rule that marks what the rules could not judge.
const UNJUDGED_RULE: &str = "engine.unparsed";
/// The rule for "the user said not to"; the model may not overrule the user's boundary.
const BOUNDARY_RULE: &str = "user.boundary";

/// Whether (and why) the model is asked about the rules' `verdict` in `session`.
pub fn uncertainty(verdict: &Verdict, session: &Session) -> Option<Uncertainty> {
    let rule = verdict.rule.as_deref();
    match verdict.decision {
        Decision::Ask if rule == Some(UNJUDGED_RULE) => Some(Uncertainty::Unjudged),
        Decision::Deny
            if verdict.severity == Some(Severity::Soft)
                && rule.is_some_and(|r| r != BOUNDARY_RULE && r != UNJUDGED_RULE)
                && !session.prompts.is_empty() =>
        {
            Some(Uncertainty::SoftDeny)
        }
        _ => None,
    }
}

/// The configured model tier: the client configuration, the prompt's policy, and the store
/// that caches answers and records calls.
pub struct ModelTier {
    config: ModelConfig,
    policy: Policy,
    store: Option<SharedStore>,
    totals: Mutex<Totals>,
}

impl std::fmt::Debug for ModelTier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelTier")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// What the tier did in this process (for `belay eval --model`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Calls the model was asked about.
    pub reviews: u64,
    /// HTTP requests made.
    pub requests: u64,
    /// Answers served from the cache.
    pub cached: u64,
    /// Reviews that failed (the rules' verdict, or `ask`, stood).
    pub failures: u64,
    /// Per [`Outcome`] name.
    pub outcomes: std::collections::BTreeMap<String, u64>,
    /// Per failed request, by error kind.
    pub errors: std::collections::BTreeMap<String, u64>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Latency of each request, milliseconds.
    pub latencies_ms: Vec<u64>,
}

/// The model's answer merged with the rules', and what to tell the user.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub verdict: Verdict,
    pub outcome: Outcome,
    /// Lines for stderr (failures, store problems).
    pub warnings: Vec<String>,
}

impl ModelTier {
    /// A tier for `config`; answers are cached in and calls recorded to `store` when given
    /// (else cached in process memory and not recorded).
    pub fn new(
        config: ModelConfig,
        policy: &Policy,
        store: Option<SharedStore>,
    ) -> Result<ModelTier, ModelError> {
        config.validate()?;
        Ok(ModelTier {
            config,
            policy: policy.clone(),
            store,
            totals: Mutex::new(Totals::default()),
        })
    }

    /// What the tier did so far.
    pub fn totals(&self) -> Totals {
        self.totals.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// A classifier whose prompt also trusts the session's environment lines.
    fn classifier(&self, session: &Session) -> Result<Classifier, ModelError> {
        let mut policy = self.policy.clone();
        for line in &session.environment {
            if !policy.environment.contains(line) {
                policy.environment.push(line.clone());
            }
        }
        let classifier = Classifier::new(self.config.clone(), &policy)?;
        Ok(match &self.store {
            Some(store) => classifier.with_cache(StoreCache(store.clone())),
            None => classifier.with_cache(belay_model::NoCache),
        })
    }

    /// The tier of the configuration in force (user, Claude `autoMode`, project), for the hook,
    /// with its own connection to belay's store for the cache and the call records. `None`
    /// without a `[model]` section: then nothing changes and no network is touched. A broken
    /// model configuration leaves the rules alone in charge, with a note.
    pub fn for_hook(
        config: &belay_config::EffectiveConfig,
        environment: &[String],
        notes: &mut Vec<String>,
    ) -> Option<Arc<ModelTier>> {
        let model = model_config(config.model.as_ref()?)
            .map_err(|e| notes.push(format!("model tier: {e}; judging with the rules alone")))
            .ok()?;
        let store = match belay_store::Store::open_default() {
            Ok(store) => Some(Arc::new(Mutex::new(store))),
            Err(e) => {
                notes.push(format!(
                    "model tier: store unavailable ({e}); answers are neither cached nor logged"
                ));
                None
            }
        };
        let mut env: Vec<String> = environment.to_vec();
        for line in &config.environment {
            if !env.contains(line) {
                env.push(line.clone());
            }
        }
        let policy = Policy {
            environment: env,
            allow: config.claude.allow_texts(),
            soft_deny: config.claude.soft_deny_texts(),
            hard_deny: config.claude.hard_deny_texts(),
        };
        match ModelTier::new(model, &policy, store) {
            Ok(tier) => Some(Arc::new(tier)),
            Err(e) => {
                notes.push(format!("model tier: {e}; judging with the rules alone"));
                None
            }
        }
    }

    /// The tier the user configured: `None` without a `[model]` section. `environment` is the
    /// trusted environment the hook already knows; Claude Code's `autoMode` rule texts and the
    /// configuration's own environment lines are added.
    pub fn from_user_config(
        config: &belay_config::Config,
        environment: &[String],
        store: Option<SharedStore>,
    ) -> Result<Option<ModelTier>, String> {
        let Some(model) = &config.model else {
            return Ok(None);
        };
        let model = model_config(model)?;
        let tier = ModelTier::new(model, &policy_of(config, environment), store)
            .map_err(|e| e.to_string())?;
        Ok(Some(tier))
    }

    pub fn config(&self) -> &ModelConfig {
        &self.config
    }

    /// Asks the model about `action` when the rules' verdict is uncertain; returns `None` (and
    /// touches nothing) when it is not.
    pub fn review(
        &self,
        rule: &Verdict,
        session: &Session,
        action: &Action,
        session_id: &str,
        tool_use_id: Option<&str>,
    ) -> Option<Reviewed> {
        let why = uncertainty(rule, session)?;
        let start = match why {
            Uncertainty::Unjudged => Stage::One,
            Uncertainty::SoftDeny => Stage::Two,
        };
        let trace = match self.classifier(session) {
            Ok(classifier) => {
                let transcript = Transcript::from_session(session, action, &classifier.limits());
                classifier.classify_traced(&transcript, start)
            }
            Err(e) => Trace {
                key: CacheKey::of(&[]),
                attempts: Vec::new(),
                result: Err(e),
            },
        };
        let mut warnings = Vec::new();
        if let Err(e) = self.record(&trace, session_id, tool_use_id) {
            warnings.push(format!("session store: {e}; this model call is not logged"));
        }
        let explicit = !session.prompts.is_empty()
            && matches!(&trace.result, Ok(v) if v.decided_by == Stage::Two);
        let uncertain = why == Uncertainty::Unjudged;
        let failure = trace.result.as_ref().err().cloned();
        self.count(&trace);
        let (verdict, outcome) = combine(rule, uncertain, trace.result, explicit);
        if let Ok(mut t) = self.totals.lock() {
            *t.outcomes.entry(outcome.as_str().to_string()).or_default() += 1;
        }
        if let Some(e) = failure {
            warnings.push(format!(
                "model tier: {e}; using the rules' verdict ({})",
                verdict.decision.as_str()
            ));
        }
        Some(Reviewed {
            verdict,
            outcome,
            warnings,
        })
    }

    fn count(&self, trace: &Trace) {
        let Ok(mut t) = self.totals.lock() else {
            return;
        };
        t.reviews += 1;
        t.failures += u64::from(trace.result.is_err());
        t.cached += u64::from(matches!(&trace.result, Ok(v) if v.cached));
        for a in &trace.attempts {
            t.requests += 1;
            t.latencies_ms.push(a.stats.latency_ms);
            t.input_tokens += a.stats.input_tokens.unwrap_or(0);
            t.output_tokens += a.stats.output_tokens.unwrap_or(0);
            if let Some(e) = &a.error {
                *t.errors.entry(e.kind().as_str().to_string()).or_default() += 1;
            }
        }
    }

    /// One `model_calls` row per request made (or one `cache` row for a cached answer).
    fn record(
        &self,
        trace: &Trace,
        session_id: &str,
        tool_use_id: Option<&str>,
    ) -> Result<(), String> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        let store = store.lock().map_err(|_| "the store lock is poisoned")?;
        let cfg = self.config();
        let key = trace.key.hex();
        let base = ModelCallRecord {
            session: session_id,
            tool_use_id,
            stage: "cache",
            provider: cfg.provider.as_str(),
            model: &cfg.model,
            cache_key: &key,
            latency_ms: 0,
            input_tokens: None,
            output_tokens: None,
            outcome: "error",
            error: None,
            detail: None,
        };
        let verdict_word = |v: &ModelVerdict| if v.block { "block" } else { "allow" };
        if trace.attempts.is_empty() {
            let (outcome, error, detail) = match &trace.result {
                Ok(v) => (verdict_word(v), None, None),
                Err(e) => ("error", Some(e.kind().as_str()), Some(e.to_string())),
            };
            let stage = if trace.result.is_ok() {
                "cache"
            } else {
                "stage1"
            };
            store
                .record_model_call(&ModelCallRecord {
                    stage,
                    outcome,
                    error,
                    detail: detail.as_deref(),
                    ..base
                })
                .map_err(|e| e.to_string())?;
            return Ok(());
        }
        let last = trace.attempts.len() - 1;
        for (i, a) in trace.attempts.iter().enumerate() {
            let outcome = match (&a.error, a.stage, &trace.result) {
                (Some(_), _, _) => "error",
                (None, Stage::One, _) if i < last => "block",
                (None, _, Ok(v)) if i == last => verdict_word(v),
                // An answer that parsed, followed by a failure of the next stage.
                (None, _, _) => "block",
            };
            let detail = a.error.as_ref().map(|e| e.to_string()).or(a.answer.clone());
            store
                .record_model_call(&ModelCallRecord {
                    stage: a.stage.as_str(),
                    latency_ms: a.stats.latency_ms,
                    input_tokens: a.stats.input_tokens,
                    output_tokens: a.stats.output_tokens,
                    outcome,
                    error: a.error.as_ref().map(|e| e.kind().as_str()),
                    detail: detail.as_deref(),
                    ..base
                })
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// The model's cache in belay's store: a miss on any store problem.
struct StoreCache(SharedStore);

impl VerdictCache for StoreCache {
    fn get(&self, key: &CacheKey) -> Option<ModelVerdict> {
        let store = self.0.lock().ok()?;
        let text = store.model_cache_get(&key.hex()).ok()??;
        serde_json::from_str(&text).ok()
    }

    fn put(&self, key: &CacheKey, verdict: &ModelVerdict) {
        let (Ok(store), Ok(text)) = (self.0.lock(), serde_json::to_string(verdict)) else {
            return;
        };
        let _ = store.model_cache_put(&key.hex(), &text);
    }
}

/// Translates belay-config's `[model]` section into a client configuration.
///
/// `provider`: `anthropic` (key from `ANTHROPIC_API_KEY` unless `api_key_env` names another),
/// `openai` (key from `OPENAI_API_KEY` unless `api_key_env` says otherwise),
/// `openai-compatible` and `ollama` (no key unless `api_key_env` is set; `ollama` defaults to
/// `http://localhost:11434/v1`). `model` is required; `timeout_ms` bounds each request.
pub fn model_config(c: &belay_config::ModelConfig) -> Result<ModelConfig, String> {
    let name = c.provider.as_deref().unwrap_or("anthropic");
    let (provider, keyless, default_base) = match name {
        "anthropic" => (Provider::Anthropic, false, None),
        "openai" => (Provider::OpenAi, false, None),
        "openai-compatible" => (Provider::OpenAi, true, None),
        "ollama" => (Provider::OpenAi, true, Some("http://localhost:11434/v1")),
        other => {
            return Err(format!(
                "model provider `{other}` is not supported (use anthropic, openai, openai-compatible or ollama)"
            ));
        }
    };
    let model = c
        .model
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .ok_or("the [model] section needs `model` (the model's name)")?;
    let mut out = ModelConfig::new(provider, model);
    match (&c.base_url, default_base) {
        (Some(url), _) => out.base_url = url.clone(),
        (None, Some(url)) => out.base_url = url.to_string(),
        (None, None) if keyless => {
            return Err(format!(
                "provider `{name}` needs `base_url` (e.g. http://localhost:8080/v1)"
            ));
        }
        (None, None) => {}
    }
    out.api_key_env = match (&c.api_key_env, keyless) {
        (Some(var), _) => Some(var.clone()),
        (None, true) => None,
        (None, false) => Some(provider.default_key_env().to_string()),
    };
    if let Some(ms) = c.timeout_ms {
        out.timeout = Duration::from_millis(ms);
        out.connect_timeout = out.connect_timeout.min(out.timeout);
    }
    out.validate().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The prompt's slots: the trusted environment (the hook's plus the configuration's) and
/// Claude Code's `autoMode` rule texts.
pub fn policy_of(config: &belay_config::Config, environment: &[String]) -> Policy {
    let mut env: Vec<String> = environment.to_vec();
    for line in config
        .environment
        .iter()
        .cloned()
        .chain(config.claude.environment_lines())
    {
        if !env.contains(&line) {
            env.push(line);
        }
    }
    Policy {
        environment: env,
        allow: config.claude.allow_texts(),
        soft_deny: config.claude.soft_deny_texts(),
        hard_deny: config.claude.hard_deny_texts(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use belay_action::Category;

    fn verdict(decision: Decision, rule: Option<&str>, severity: Option<Severity>) -> Verdict {
        Verdict {
            decision,
            rule: rule.map(str::to_string),
            category: Category::Routine,
            severity,
            reason: "r".into(),
            effects: Vec::new(),
        }
    }

    #[test]
    fn what_is_uncertain() {
        use Decision::*;
        let with = Session {
            prompts: vec!["force-push my branch".into()],
            ..Session::default()
        };
        let without = Session::default();
        let soft = Some(Severity::Soft);
        let hard = Some(Severity::Hard);
        // (verdict, session has prompts, expected)
        let rows = [
            (verdict(Allow, None, None), true, None),
            (
                verdict(Ask, Some(UNJUDGED_RULE), soft),
                false,
                Some(Uncertainty::Unjudged),
            ),
            (verdict(Ask, Some("hook.malformed"), None), true, None),
            (verdict(Ask, Some("belay.internal-error"), None), true, None),
            (
                verdict(Ask, Some("belay.store-unavailable"), None),
                true,
                None,
            ),
            (
                verdict(Deny, Some("git.force-push"), soft),
                true,
                Some(Uncertainty::SoftDeny),
            ),
            (verdict(Deny, Some("git.force-push"), soft), false, None),
            (verdict(Deny, Some("fs.rm-home"), hard), true, None),
            (verdict(Deny, Some("x"), None), true, None),
            (verdict(Deny, Some(BOUNDARY_RULE), soft), true, None),
        ];
        for (i, (v, prompts, want)) in rows.iter().enumerate() {
            let s = if *prompts { &with } else { &without };
            assert_eq!(uncertainty(v, s), *want, "row {i}");
        }
    }

    #[test]
    fn config_translation() {
        let c = |provider: &str, base: Option<&str>, key: Option<&str>| belay_config::ModelConfig {
            provider: Some(provider.into()),
            base_url: base.map(str::to_string),
            model: Some("m".into()),
            api_key_env: key.map(str::to_string),
            timeout_ms: Some(1500),
        };
        let a = model_config(&c("anthropic", None, None)).unwrap();
        assert_eq!(a.endpoint(), "https://api.anthropic.com/v1/messages");
        assert_eq!(a.api_key_env.as_deref(), Some("ANTHROPIC_API_KEY"));
        assert_eq!(a.timeout, Duration::from_millis(1500));
        assert!(a.connect_timeout <= a.timeout);
        let o = model_config(&c("openai", None, Some("MY_KEY"))).unwrap();
        assert_eq!(o.endpoint(), "https://api.openai.com/v1/chat/completions");
        assert_eq!(o.api_key_env.as_deref(), Some("MY_KEY"));
        let l = model_config(&c("ollama", None, None)).unwrap();
        assert_eq!(l.endpoint(), "http://localhost:11434/v1/chat/completions");
        assert_eq!(l.api_key_env, None);
        let v = model_config(&c(
            "openai-compatible",
            Some("http://127.0.0.1:8080/v1"),
            None,
        ))
        .unwrap();
        assert_eq!(v.endpoint(), "http://127.0.0.1:8080/v1/chat/completions");
        assert!(model_config(&c("openai-compatible", None, None)).is_err());
        assert!(model_config(&c("bedrock", None, None)).is_err());
        let mut nameless = c("anthropic", None, None);
        nameless.model = None;
        assert!(model_config(&nameless).is_err());
    }
}
