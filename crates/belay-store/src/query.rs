//! The audit-log side of the store: filtered listings of recorded calls (`belay log`), counts per
//! decision, category and rule (`belay stats`), and the list of sessions.
//!
//! Parsing user input (`--since 2h`, RFC 3339 dates, rule globs) is the CLI's job; filters here
//! take exact values and unix milliseconds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use belay_action::{Category, Decision, Severity};
use rusqlite::types::Value as SqlValue;
use serde::Serialize;

use crate::error::Result;
use crate::{Event, Store};

/// Which calls to list or count. `Default` matches every call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Only this session.
    pub session: Option<String>,
    /// Only calls with this decision.
    pub decision: Option<Decision>,
    /// Only calls decided by this rule (exact id, e.g. `git.force-push`).
    pub rule: Option<String>,
    /// Only this category.
    pub category: Option<Category>,
    /// Only this tool (e.g. `Bash`).
    pub tool: Option<String>,
    /// Only pre- or post-tool records.
    pub event: Option<Event>,
    /// Only calls recorded at or after this time (unix milliseconds).
    pub since_ms: Option<i64>,
    /// Only calls recorded before this time (unix milliseconds).
    pub until_ms: Option<i64>,
    /// At most this many calls, the most recent ones ([`Store::query_calls`] only; `stats`
    /// counts everything that matches).
    pub limit: Option<usize>,
}

/// One recorded call, as `belay log` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallRow {
    pub id: i64,
    pub session_id: String,
    pub agent: String,
    pub event: Event,
    pub tool: String,
    pub tool_use_id: Option<String>,
    pub input: serde_json::Value,
    pub cwd: PathBuf,
    /// `None` for an observed-only record.
    pub decision: Option<Decision>,
    pub rule: Option<String>,
    pub category: Option<Category>,
    pub severity: Option<Severity>,
    pub reason: Option<String>,
    pub effects: Vec<String>,
    pub latency_us: Option<i64>,
    /// When it was recorded (unix milliseconds).
    pub at_ms: i64,
}

/// One session, from [`Store::sessions`] or [`Store::session`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRow {
    pub id: String,
    /// `None` when the session was only seen through calls that do not carry it.
    pub agent: Option<String>,
    pub cwd: Option<PathBuf>,
    pub transcript_path: Option<PathBuf>,
    pub started_at_ms: i64,
}

impl SessionRow {
    pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
        Ok(SessionRow {
            id: r.get(0)?,
            agent: r.get(1)?,
            cwd: r.get::<_, Option<String>>(2)?.map(PathBuf::from),
            transcript_path: r.get::<_, Option<String>>(3)?.map(PathBuf::from),
            started_at_ms: r.get(4)?,
        })
    }
}

/// Counts over the calls a [`CallFilter`] matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Matching calls.
    pub total: u64,
    /// Distinct sessions among them.
    pub sessions: u64,
    /// Per decision (calls without a decision are not counted here).
    pub by_decision: BTreeMap<Decision, u64>,
    /// Per category (calls without a category are not counted here).
    pub by_category: BTreeMap<Category, u64>,
    /// Per rule, most frequent first, then by rule id.
    pub by_rule: Vec<(String, u64)>,
    /// Median of belay's own latency, in microseconds.
    pub latency_p50_us: Option<i64>,
    /// 95th percentile of belay's own latency, in microseconds.
    pub latency_p95_us: Option<i64>,
    /// Time of the first and last matching call (unix milliseconds).
    pub first_at_ms: Option<i64>,
    pub last_at_ms: Option<i64>,
}

impl CallFilter {
    /// The `WHERE` clause (always starts with `WHERE 1`) and its parameters.
    fn where_clause(&self) -> (String, Vec<SqlValue>) {
        let mut sql = String::from(" WHERE 1");
        let mut args = Vec::new();
        let mut add = |cond: &str, v: SqlValue| {
            args.push(v);
            sql.push_str(&format!(" AND {cond} ?{}", args.len()));
        };
        if let Some(s) = &self.session {
            add("session_id =", SqlValue::Text(s.clone()));
        }
        if let Some(d) = self.decision {
            add("decision =", SqlValue::Text(d.as_str().into()));
        }
        if let Some(r) = &self.rule {
            add("rule =", SqlValue::Text(r.clone()));
        }
        if let Some(c) = self.category {
            add("category =", SqlValue::Text(c.as_str().into()));
        }
        if let Some(t) = &self.tool {
            add("tool =", SqlValue::Text(t.clone()));
        }
        if let Some(e) = self.event {
            add("event =", SqlValue::Text(e.as_str().into()));
        }
        if let Some(t) = self.since_ms {
            add("at >=", SqlValue::Integer(t));
        }
        if let Some(t) = self.until_ms {
            add("at <", SqlValue::Integer(t));
        }
        (sql, args)
    }
}

impl Store {
    /// The calls matching `filter`: the most recent `limit` (all without one), returned oldest
    /// first so they read like the tail of a log.
    pub fn query_calls(&self, filter: &CallFilter) -> Result<Vec<CallRow>> {
        let (cond, mut args) = filter.where_clause();
        let limit = match filter.limit {
            Some(n) => i64::try_from(n).unwrap_or(i64::MAX),
            None => -1,
        };
        args.push(SqlValue::Integer(limit));
        let sql = format!(
            "SELECT * FROM (
                SELECT id, session_id, agent, event, tool, tool_use_id, input_json, cwd, decision,
                       rule, category, severity, reason, effects_json, latency_us, at
                FROM calls{cond} ORDER BY id DESC LIMIT ?{}
             ) ORDER BY id",
            args.len()
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| {
                st.query_map(rusqlite::params_from_iter(args), |r| {
                    Ok(CallRow {
                        id: r.get(0)?,
                        session_id: r.get(1)?,
                        agent: r.get(2)?,
                        event: Event::parse(&r.get::<_, String>(3)?).unwrap_or(Event::Pre),
                        tool: r.get(4)?,
                        tool_use_id: r.get(5)?,
                        input: crate::parse_json(r.get(6)?),
                        cwd: PathBuf::from(r.get::<_, String>(7)?),
                        decision: crate::parse_decision(r.get(8)?),
                        rule: r.get(9)?,
                        category: crate::parse_category(r.get(10)?),
                        severity: crate::parse_severity(r.get(11)?),
                        reason: r.get(12)?,
                        effects: crate::parse_effects(r.get(13)?),
                        latency_us: r.get(14)?,
                        at_ms: r.get(15)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| self.err("listing calls", e))
    }

    /// Counts over every call matching `filter` (its `limit` is ignored).
    pub fn stats(&self, filter: &CallFilter) -> Result<Stats> {
        let (cond, args) = filter.where_clause();
        let err = |e| self.err("computing stats", e);
        let params = || rusqlite::params_from_iter(args.iter());
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )
        .map_err(err)?;
        let mut stats = Stats::default();

        let (total, sessions, first, last): (i64, i64, Option<i64>, Option<i64>) = tx
            .prepare_cached(&format!(
                "SELECT COUNT(*), COUNT(DISTINCT session_id), MIN(at), MAX(at) FROM calls{cond}"
            ))
            .and_then(|mut st| {
                st.query_row(params(), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
            })
            .map_err(err)?;
        stats.total = total as u64;
        stats.sessions = sessions as u64;
        stats.first_at_ms = first;
        stats.last_at_ms = last;

        let groups: Vec<(Option<String>, Option<String>, i64)> = tx
            .prepare_cached(&format!(
                "SELECT decision, category, COUNT(*) FROM calls{cond} GROUP BY decision, category"
            ))
            .and_then(|mut st| {
                st.query_map(params(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect()
            })
            .map_err(err)?;
        for (decision, category, n) in groups {
            if let Some(d) = crate::parse_decision(decision) {
                *stats.by_decision.entry(d).or_default() += n as u64;
            }
            if let Some(c) = crate::parse_category(category) {
                *stats.by_category.entry(c).or_default() += n as u64;
            }
        }

        stats.by_rule = tx
            .prepare_cached(&format!(
                "SELECT rule, COUNT(*) AS n FROM calls{cond} AND rule IS NOT NULL
                 GROUP BY rule ORDER BY n DESC, rule"
            ))
            .and_then(|mut st| {
                st.query_map(params(), |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
                    .collect()
            })
            .map_err(err)?;

        let with_latency: i64 = tx
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM calls{cond} AND latency_us IS NOT NULL"
            ))
            .and_then(|mut st| st.query_row(params(), |r| r.get(0)))
            .map_err(err)?;
        if with_latency > 0 {
            let percentile = |p: i64| -> Result<Option<i64>> {
                // Nearest-rank percentile.
                let rank = ((with_latency * p + 99) / 100).max(1) - 1;
                let mut a = args.clone();
                a.push(SqlValue::Integer(rank));
                tx.prepare_cached(&format!(
                    "SELECT latency_us FROM calls{cond} AND latency_us IS NOT NULL
                     ORDER BY latency_us LIMIT 1 OFFSET ?{}",
                    a.len()
                ))
                .and_then(|mut st| st.query_row(rusqlite::params_from_iter(a), |r| r.get(0)))
                .map(Some)
                .map_err(err)
            };
            stats.latency_p50_us = percentile(50)?;
            stats.latency_p95_us = percentile(95)?;
        }
        tx.commit().map_err(err)?;
        Ok(stats)
    }

    /// The most recently started sessions, newest first (all of them without a limit).
    pub fn sessions(&self, limit: Option<usize>) -> Result<Vec<SessionRow>> {
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.conn
            .prepare_cached(
                "SELECT id, agent, cwd, transcript_path, started_at FROM sessions
                 ORDER BY started_at DESC, rowid DESC LIMIT ?1",
            )
            .and_then(|mut st| st.query_map([limit], SessionRow::from_row)?.collect())
            .map_err(|e| self.err("listing sessions", e))
    }
}
