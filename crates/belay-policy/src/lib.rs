//! belay-policy: may this action happen here?
//!
//! Judges an action's effects against the session (the user's own messages, earlier calls, the
//! trusted environment) with a catalog of rules, each with an id, a category, a severity and a
//! message that tells the agent what would be acceptable instead.

use belay_action::{Action, Session, Verdict};

/// The configured rule engine.
#[derive(Debug, Clone, Default)]
pub struct Policy {}

impl Policy {
    /// Judges one action. Never panics on any input; what it cannot judge is `ask`.
    pub fn judge(&self, action: &Action, session: &Session) -> Verdict {
        let _ = (action, session);
        Verdict::unjudged("engine.todo", "the rule engine is not written yet")
    }
}
