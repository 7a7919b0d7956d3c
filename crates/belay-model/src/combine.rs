//! How a model answer and the rules' verdict become one verdict. A pure function.
//!
//! The rules stay in charge; the model only fills the gaps they admit:
//!
//! | rules say                 | model allows                          | model blocks        | model failed                 |
//! |---------------------------|---------------------------------------|---------------------|------------------------------|
//! | hard deny (or deny with no severity) | deny ([`Outcome::DenyKept`]) | deny ([`Outcome::Agreed`]) | deny ([`Outcome::Fallback`]) |
//! | soft deny                 | allow if the user explicitly asked ([`Outcome::SoftDenyCleared`]), else deny ([`Outcome::DenyKept`]) | deny ([`Outcome::Agreed`]) | deny |
//! | uncertain (allow or ask)  | allow ([`Outcome::ModelAllowed`])     | deny ([`Outcome::ModelDenied`]) | ask ([`Outcome::Fallback`]) |
//! | certain allow / ask       | unchanged ([`Outcome::Agreed`] / [`Outcome::RuleKept`]) | unchanged ([`Outcome::RuleKept`]) | unchanged |
//!
//! Deny verdicts are handled by severity whatever `rule_uncertain` says, so no path lets the
//! model allow a hard deny. A model block of something the rules were sure was fine is kept as
//! the rules' verdict and reported as [`Outcome::RuleKept`] (for logs and `belay eval`), since
//! the rules' certainty is the contract.

use crate::classify::ModelVerdict;
use crate::error::{ErrorKind, ModelError};
use belay_action::{Category, Decision, Severity, Verdict};
use serde::{Deserialize, Serialize};

/// The rule name model-made verdicts carry.
pub const MODEL_RULE: &str = "model";

/// What the combiner did, for logging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Outcome {
    /// The rules were uncertain; the model allowed.
    ModelAllowed,
    /// The rules were uncertain; the model blocked.
    ModelDenied,
    /// A soft deny was cleared: the model allowed and the user explicitly asked.
    SoftDenyCleared,
    /// The model would allow, but a deny stands (`hard`: a hard deny; otherwise a soft deny
    /// the user did not explicitly ask for).
    DenyKept { hard: bool },
    /// The model agreed with the rules' certain verdict.
    Agreed,
    /// The model disagreed with a certain allow / ask; the rules' verdict stands.
    RuleKept,
    /// The model failed; the rules' verdict stands, or `ask` if they were uncertain.
    Fallback { error: ErrorKind },
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::ModelAllowed => "model-allowed",
            Outcome::ModelDenied => "model-denied",
            Outcome::SoftDenyCleared => "soft-deny-cleared",
            Outcome::DenyKept { hard: true } => "hard-deny-kept",
            Outcome::DenyKept { hard: false } => "soft-deny-kept",
            Outcome::Agreed => "agreed",
            Outcome::RuleKept => "rule-kept",
            Outcome::Fallback { .. } => "fallback",
        }
    }
}

/// Combines the rules' verdict with the model's answer. See the module table.
pub fn combine(
    rule: &Verdict,
    rule_uncertain: bool,
    model: Result<ModelVerdict, ModelError>,
    user_explicitly_asked: bool,
) -> (Verdict, Outcome) {
    let model = match model {
        Ok(m) => m,
        Err(e) => return fallback(rule, rule_uncertain, &e),
    };

    if rule.decision == Decision::Deny {
        // A deny without a severity is treated as hard: nothing says it may be cleared.
        let hard = rule.severity != Some(Severity::Soft);
        if model.block {
            return (rule.clone(), Outcome::Agreed);
        }
        if hard || !user_explicitly_asked {
            return (rule.clone(), Outcome::DenyKept { hard });
        }
        let mut v = rule.clone();
        v.decision = Decision::Allow;
        v.reason = format!(
            "cleared: the user explicitly asked for this and the model judged the request to cover it (was: {})",
            rule.reason
        );
        return (v, Outcome::SoftDenyCleared);
    }

    if rule_uncertain {
        if model.block {
            let reason = model
                .reason
                .clone()
                .unwrap_or_else(|| "the model classifier blocked this action".into());
            let v = Verdict {
                decision: Decision::Deny,
                rule: Some(MODEL_RULE.to_string()),
                category: model.category,
                // The model already weighed user intent; a later explicit request can clear it.
                severity: Some(Severity::Soft),
                reason,
                effects: rule.effects.clone(),
            };
            return (v, Outcome::ModelDenied);
        }
        let v = Verdict {
            decision: Decision::Allow,
            rule: Some(MODEL_RULE.to_string()),
            category: Category::Routine,
            severity: None,
            reason: model
                .reason
                .clone()
                .unwrap_or_else(|| "allowed by the model classifier".into()),
            effects: rule.effects.clone(),
        };
        return (v, Outcome::ModelAllowed);
    }

    let agrees = match rule.decision {
        Decision::Allow => !model.block,
        Decision::Ask | Decision::Deny => false,
    };
    let outcome = if agrees {
        Outcome::Agreed
    } else {
        Outcome::RuleKept
    };
    (rule.clone(), outcome)
}

fn fallback(rule: &Verdict, rule_uncertain: bool, e: &ModelError) -> (Verdict, Outcome) {
    let outcome = Outcome::Fallback { error: e.kind() };
    if !rule_uncertain || rule.decision == Decision::Deny {
        return (rule.clone(), outcome);
    }
    let mut v = rule.clone();
    v.decision = Decision::Ask;
    if v.rule.is_none() {
        v.rule = Some(MODEL_RULE.to_string());
    }
    v.reason = if rule.reason.is_empty() {
        format!("the rules could not decide and the model classifier failed ({e})")
    } else {
        format!(
            "{} (the model classifier failed: {})",
            rule.reason,
            e.kind()
        )
    };
    (v, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Stage;

    fn deny(sev: Option<Severity>) -> Verdict {
        Verdict {
            decision: Decision::Deny,
            rule: Some("git.force-push".into()),
            category: Category::BypassReview,
            severity: sev,
            reason: "force push".into(),
            effects: vec!["push --force to origin/main".into()],
        }
    }
    fn ask() -> Verdict {
        Verdict {
            decision: Decision::Ask,
            rule: Some("shell.unknown".into()),
            category: Category::Unjudged,
            severity: None,
            reason: "unknown program".into(),
            effects: vec!["runs ./x".into()],
        }
    }
    fn allow() -> Verdict {
        Verdict::allow("routine")
    }
    fn m_allow() -> Result<ModelVerdict, ModelError> {
        Ok(ModelVerdict {
            block: false,
            category: Category::Routine,
            reason: None,
            decided_by: Stage::One,
            calls: vec![],
            cached: false,
        })
    }
    fn m_block() -> Result<ModelVerdict, ModelError> {
        Ok(ModelVerdict {
            block: true,
            category: Category::Exfiltrate,
            reason: Some("Uploads the repository to an unknown host.".into()),
            decided_by: Stage::Two,
            calls: vec![],
            cached: false,
        })
    }
    fn m_err(kind: ErrorKind) -> Result<ModelVerdict, ModelError> {
        Err(match kind {
            ErrorKind::Timeout => ModelError::Timeout {
                elapsed: std::time::Duration::from_millis(300),
                what: "global".into(),
            },
            ErrorKind::Http => ModelError::Http {
                status: 500,
                body: "oops".into(),
            },
            ErrorKind::Unparsable => ModelError::Unparsable {
                stage: Stage::One,
                answer: "maybe".into(),
                why: "x".into(),
            },
            ErrorKind::MissingKey => ModelError::MissingKey { var: "K".into() },
            ErrorKind::Config => ModelError::Config("x".into()),
            ErrorKind::Transport => ModelError::Transport("refused".into()),
            ErrorKind::BadResponse => ModelError::BadResponse("x".into()),
        })
    }

    type Model = fn() -> Result<ModelVerdict, ModelError>;

    #[test]
    fn table() {
        use Decision::*;
        let hard = || deny(Some(Severity::Hard));
        let soft = || deny(Some(Severity::Soft));
        let bare = || deny(None);
        // (rule, uncertain, model, user asked, expected decision, expected outcome)
        let rows: Vec<(Verdict, bool, Model, bool, Decision, Outcome)> = vec![
            // Uncertain: the model decides.
            (ask(), true, m_allow, false, Allow, Outcome::ModelAllowed),
            (ask(), true, m_block, false, Deny, Outcome::ModelDenied),
            (allow(), true, m_block, false, Deny, Outcome::ModelDenied),
            (allow(), true, m_allow, true, Allow, Outcome::ModelAllowed),
            // Soft deny: cleared only with an explicit request.
            (
                soft(),
                false,
                m_allow,
                true,
                Allow,
                Outcome::SoftDenyCleared,
            ),
            (
                soft(),
                false,
                m_allow,
                false,
                Deny,
                Outcome::DenyKept { hard: false },
            ),
            (
                soft(),
                true,
                m_allow,
                false,
                Deny,
                Outcome::DenyKept { hard: false },
            ),
            (soft(), true, m_allow, true, Allow, Outcome::SoftDenyCleared),
            (soft(), false, m_block, true, Deny, Outcome::Agreed),
            // Hard deny (and deny without severity): never allowed.
            (
                hard(),
                false,
                m_allow,
                true,
                Deny,
                Outcome::DenyKept { hard: true },
            ),
            (
                hard(),
                true,
                m_allow,
                true,
                Deny,
                Outcome::DenyKept { hard: true },
            ),
            (hard(), false, m_block, false, Deny, Outcome::Agreed),
            (
                bare(),
                false,
                m_allow,
                true,
                Deny,
                Outcome::DenyKept { hard: true },
            ),
            // Certain allow / ask: unchanged.
            (allow(), false, m_allow, false, Allow, Outcome::Agreed),
            (allow(), false, m_block, false, Allow, Outcome::RuleKept),
            (ask(), false, m_allow, true, Ask, Outcome::RuleKept),
            (ask(), false, m_block, false, Ask, Outcome::RuleKept),
        ];
        for (i, (rule, uncertain, model, asked, want, outcome)) in rows.into_iter().enumerate() {
            let (v, o) = combine(&rule, uncertain, model(), asked);
            assert_eq!((v.decision, o), (want, outcome), "row {i}");
        }
    }

    #[test]
    fn failures_fall_back() {
        use Decision::*;
        let kinds = [
            ErrorKind::Timeout,
            ErrorKind::Http,
            ErrorKind::Unparsable,
            ErrorKind::MissingKey,
            ErrorKind::Config,
            ErrorKind::Transport,
            ErrorKind::BadResponse,
        ];
        for kind in kinds {
            let fb = Outcome::Fallback { error: kind };
            let rows: Vec<(Verdict, bool, Decision)> = vec![
                (allow(), false, Allow),
                (ask(), false, Ask),
                (deny(Some(Severity::Soft)), false, Deny),
                (deny(Some(Severity::Hard)), true, Deny),
                (ask(), true, Ask),
                (allow(), true, Ask),
            ];
            for (rule, uncertain, want) in rows {
                let (v, o) = combine(&rule, uncertain, m_err(kind), true);
                assert_eq!((v.decision, o), (want, fb), "{kind} {rule:?} {uncertain}");
                if !uncertain {
                    assert_eq!(v, rule);
                }
            }
        }
        let (v, _) = combine(&allow(), true, m_err(ErrorKind::Timeout), false);
        assert_eq!(v.rule.as_deref(), Some(MODEL_RULE));
        assert!(v.reason.contains("timeout"), "{}", v.reason);
    }

    #[test]
    fn verdict_contents() {
        let (v, _) = combine(&ask(), true, m_block(), false);
        assert_eq!(v.rule.as_deref(), Some(MODEL_RULE));
        assert_eq!(v.category, Category::Exfiltrate);
        assert_eq!(v.severity, Some(Severity::Soft));
        assert_eq!(v.reason, "Uploads the repository to an unknown host.");
        assert_eq!(v.effects, vec!["runs ./x".to_string()]);
        assert_eq!(
            v.message(),
            "[belay: model] Uploads the repository to an unknown host."
        );

        let (v, _) = combine(&deny(Some(Severity::Soft)), false, m_allow(), true);
        assert_eq!(v.rule.as_deref(), Some("git.force-push"));
        assert_eq!(v.category, Category::BypassReview);
        assert!(v.reason.contains("force push"));

        assert_eq!(Outcome::DenyKept { hard: true }.as_str(), "hard-deny-kept");
        assert_eq!(
            serde_json::to_string(&Outcome::Fallback {
                error: ErrorKind::Timeout
            })
            .unwrap(),
            r#"{"outcome":"fallback","error":"timeout"}"#
        );
    }
}
