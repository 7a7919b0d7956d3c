//! The model tier's side of the store: one row per request to the model (or answer served from
//! its cache), and the cache itself, keyed by a hash the caller computes.
//!
//! This crate does not know the model tier's types: verdicts are cached as JSON text, stages
//! and outcomes are short strings checked by the schema.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::error::Result;
use crate::{Store, now_ms};

/// One model request to record. `stage` is `stage1`, `stage2` or `cache`; `outcome` is
/// `block`, `allow` or `error` (then `error` names the kind and `detail` says more).
#[derive(Debug, Clone, Copy)]
pub struct ModelCallRecord<'a> {
    pub session: &'a str,
    pub tool_use_id: Option<&'a str>,
    pub stage: &'a str,
    pub provider: &'a str,
    pub model: &'a str,
    pub cache_key: &'a str,
    pub latency_ms: u64,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub outcome: &'a str,
    pub error: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// One recorded model request, from [`Store::model_calls`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelCallRow {
    pub id: i64,
    pub session_id: String,
    pub tool_use_id: Option<String>,
    pub stage: String,
    pub provider: String,
    pub model: String,
    pub cache_key: String,
    pub latency_ms: i64,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub outcome: String,
    pub error: Option<String>,
    pub detail: Option<String>,
    pub at_ms: i64,
}

fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl Store {
    /// Records one model request; returns the row id. Creates the session row if needed.
    pub fn record_model_call(&self, rec: &ModelCallRecord<'_>) -> Result<i64> {
        self.write("recording a model call", |c| {
            let now = now_ms();
            Self::touch_session(c, rec.session, None, None, now)?;
            c.prepare_cached(
                "INSERT INTO model_calls (session_id, tool_use_id, stage, provider, model,
                    cache_key, latency_ms, input_tokens, output_tokens, outcome, error, detail, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                rec.session,
                rec.tool_use_id,
                rec.stage,
                rec.provider,
                rec.model,
                rec.cache_key,
                to_i64(rec.latency_ms),
                rec.input_tokens.map(to_i64),
                rec.output_tokens.map(to_i64),
                rec.outcome,
                rec.error,
                rec.detail,
                now,
            ])?;
            Ok(c.last_insert_rowid())
        })
    }

    /// The session's model requests, oldest first; only those for `tool_use_id` when given.
    pub fn model_calls(
        &self,
        session: &str,
        tool_use_id: Option<&str>,
    ) -> Result<Vec<ModelCallRow>> {
        self.conn
            .prepare_cached(
                "SELECT id, session_id, tool_use_id, stage, provider, model, cache_key, latency_ms,
                        input_tokens, output_tokens, outcome, error, detail, at
                 FROM model_calls
                 WHERE session_id = ?1 AND (?2 IS NULL OR tool_use_id = ?2)
                 ORDER BY id",
            )
            .and_then(|mut st| {
                st.query_map(params![session, tool_use_id], |r| {
                    Ok(ModelCallRow {
                        id: r.get(0)?,
                        session_id: r.get(1)?,
                        tool_use_id: r.get(2)?,
                        stage: r.get(3)?,
                        provider: r.get(4)?,
                        model: r.get(5)?,
                        cache_key: r.get(6)?,
                        latency_ms: r.get(7)?,
                        input_tokens: r.get(8)?,
                        output_tokens: r.get(9)?,
                        outcome: r.get(10)?,
                        error: r.get(11)?,
                        detail: r.get(12)?,
                        at_ms: r.get(13)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.err("reading model calls", e))
    }

    /// The cached verdict (JSON text) for `key`, if any.
    pub fn model_cache_get(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT verdict_json FROM model_cache WHERE key = ?1")
            .and_then(|mut st| st.query_row([key], |r| r.get(0)).optional())
            .map_err(|e| self.err("reading the model cache", e))
    }

    /// Remembers a verdict (JSON text) under `key`, replacing an older one.
    pub fn model_cache_put(&self, key: &str, verdict_json: &str) -> Result<()> {
        self.write("writing the model cache", |c| {
            c.prepare_cached(
                "INSERT INTO model_cache (key, verdict_json, at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET verdict_json = excluded.verdict_json,
                    at = excluded.at",
            )?
            .execute(params![key, verdict_json, now_ms()])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(session: &'a str, tool_use_id: Option<&'a str>) -> ModelCallRecord<'a> {
        ModelCallRecord {
            session,
            tool_use_id,
            stage: "stage1",
            provider: "anthropic",
            model: "m",
            cache_key: "k",
            latency_ms: 12,
            input_tokens: Some(100),
            output_tokens: Some(1),
            outcome: "block",
            error: None,
            detail: None,
        }
    }

    #[test]
    fn model_calls_round_trip() {
        let store = Store::open_in_memory().unwrap();
        store.record_model_call(&record("s", Some("t1"))).unwrap();
        let mut failed = record("s", Some("t2"));
        failed.stage = "stage2";
        failed.outcome = "error";
        failed.error = Some("timeout");
        failed.input_tokens = None;
        store.record_model_call(&failed).unwrap();
        store.record_model_call(&record("other", None)).unwrap();

        let all = store.model_calls("s", None).unwrap();
        assert_eq!(all.len(), 2);
        let t2 = store.model_calls("s", Some("t2")).unwrap();
        assert_eq!(t2.len(), 1);
        assert_eq!(
            (t2[0].stage.as_str(), t2[0].outcome.as_str()),
            ("stage2", "error")
        );
        assert_eq!(t2[0].error.as_deref(), Some("timeout"));
        assert_eq!(t2[0].input_tokens, None);
        assert_eq!(all[0].latency_ms, 12);

        let mut bad = record("s", None);
        bad.outcome = "maybe";
        assert!(store.record_model_call(&bad).is_err(), "schema checks it");
    }

    #[test]
    fn cache_round_trip() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.model_cache_get("k").unwrap(), None);
        store.model_cache_put("k", "{\"block\":true}").unwrap();
        store.model_cache_put("k", "{\"block\":false}").unwrap();
        assert_eq!(
            store.model_cache_get("k").unwrap().as_deref(),
            Some("{\"block\":false}")
        );
    }
}
