//! belay-analysis: what would this action do?
//!
//! Turns an [`belay_action::Action`] into [`Effect`]s, each pointing at the part of the call it
//! came from. No judgment happens here: whether an effect may happen is `belay-policy`'s job.
