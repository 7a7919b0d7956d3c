//! The hook's session memory in belay's SQLite store (`belay-store`): the user's prompts, the
//! calls and their verdicts, screened results, suspects from injected content, and the denial
//! counters. Each hook process opens the store, reads the session, records what it decided.

use crate::hook::{Denials, SessionLog};
use crate::screen::Screening;
use belay_action::{Action, CallFacts, Decision, Session, Suspect, Verdict};
use belay_agents::Common;
use belay_store::{CallRecord, HistoryDetail, Store};
use std::borrow::Borrow;
use std::path::Path;
use std::time::Duration;

/// The agent name recorded with Claude Code's calls (each call records its own agent).
pub const AGENT: &str = "claude-code";

/// A [`SessionLog`] backed by the store: owned (`StoreLog`, one per process), or shared
/// (`StoreLog<Rc<Store>>`, lent for one event by the resident process, which keeps its open
/// stores between events).
pub struct StoreLog<S: Borrow<Store> = Store> {
    store: S,
    /// Recorded instead of the event's agent (e.g. `mcp-proxy`).
    agent: Option<&'static str>,
}

impl<S: Borrow<Store>> StoreLog<S> {
    /// A log that records each call as coming from the agent that sent the event.
    pub fn new(store: S) -> StoreLog<S> {
        StoreLog { store, agent: None }
    }

    /// A log that records its sessions and calls as coming from `agent` (e.g. `mcp-proxy`).
    pub fn with_agent(store: S, agent: &'static str) -> StoreLog<S> {
        StoreLog {
            store,
            agent: Some(agent),
        }
    }

    fn agent<'a>(&self, common: &'a Common) -> &'a str {
        self.agent.unwrap_or(common.agent.as_str())
    }

    pub fn store(&self) -> &Store {
        self.store.borrow()
    }
}

impl<S: Borrow<Store>> SessionLog for StoreLog<S> {
    fn start_session(&mut self, common: &Common, _source: Option<&str>) -> anyhow::Result<()> {
        self.store().ensure_session(
            &common.session_id,
            self.agent(common),
            &common.cwd,
            common.transcript_path.as_deref(),
        )?;
        Ok(())
    }

    fn add_prompt(&mut self, common: &Common, prompt: &str) -> anyhow::Result<()> {
        self.start_session(common, None)?;
        self.store().add_prompt(&common.session_id, prompt)?;
        Ok(())
    }

    fn load(&mut self, common: &Common, detail: HistoryDetail) -> anyhow::Result<Session> {
        Ok(self
            .store()
            .load_session(&common.session_id, Path::new(""), detail)?)
    }

    fn note_decision(&mut self, common: &Common, decision: Decision) -> anyhow::Result<Denials> {
        let state = self.store().note_decision(&common.session_id, decision)?;
        Ok(Denials {
            consecutive: state.consecutive,
            total: state.total,
        })
    }

    fn record_call(
        &mut self,
        common: &Common,
        action: &Action,
        tool_use_id: Option<&str>,
        verdict: &Verdict,
        latency: Duration,
    ) -> anyhow::Result<()> {
        let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        let record = CallRecord::pre(
            &common.session_id,
            self.agent(common),
            action,
            verdict,
            latency_us,
        )
        .with_tool_use_id(tool_use_id);
        self.store().record_call(&record)?;
        Ok(())
    }

    fn record_decision(
        &mut self,
        common: &Common,
        action: &Action,
        tool_use_id: Option<&str>,
        decision: Decision,
        verdict: &mut Verdict,
        latency: Duration,
        facts: Option<&CallFacts>,
        finish: &mut dyn FnMut(&mut Verdict, Denials),
    ) -> anyhow::Result<()> {
        let latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        // The verdict is filled in by the store once `finish` has settled it.
        let record = CallRecord {
            session: &common.session_id,
            agent: self.agent(common),
            event: belay_store::Event::Pre,
            tool: &action.tool,
            input: &action.input,
            cwd: &action.cwd,
            verdict: None,
            latency_us,
            tool_use_id,
            facts,
        };
        self.store()
            .record_decision(decision, &record, verdict, |verdict, state| {
                finish(
                    verdict,
                    Denials {
                        consecutive: state.consecutive,
                        total: state.total,
                    },
                )
            })?;
        Ok(())
    }

    fn record_result(
        &mut self,
        common: &Common,
        action: &Action,
        tool_use_id: Option<&str>,
        screening: Option<&Screening>,
        suspects: &[Suspect],
    ) -> anyhow::Result<()> {
        let findings = screening
            .map(serde_json::to_value)
            .transpose()?
            .unwrap_or(serde_json::Value::Null);
        let injected = screening.is_some_and(|s| s.is_injection);
        self.store().record_result(
            &common.session_id,
            tool_use_id,
            &action.tool,
            &findings,
            injected,
        )?;
        self.store().add_suspects(&common.session_id, suspects)?;
        Ok(())
    }
}
