//! The user's intent: did the user's own messages ask for exactly this action, or forbid it?
//!
//! A rule describes what an explicit request must contain as alternatives ([`Ask`]) of verbs
//! (stems such as `delet`, phrases such as `force push`) and objects (the branch, path, host or
//! resource the action targets). The user's messages are read oldest first, so a later message
//! can grant or revoke. A question is not a request, and a negated mention (`don't drop
//! anything on staging`) forbids.

use belay_analysis::{Resolver, ShellCwd};
use std::path::{Path, PathBuf};

/// One way of asking for an action: a verb and an object must appear in the same clause.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ask {
    /// Verb stems or phrases; empty means no verb is needed.
    pub verbs: Vec<String>,
    /// Names of what is acted on; empty (with no paths) means no object is needed.
    pub objects: Vec<String>,
    /// Paths acted on: a path the user names covers them when it is the same or an ancestor.
    pub paths: Vec<PathBuf>,
    /// A question that names the object counts as asking (reading a file to answer it).
    pub questions_count: bool,
}

impl Ask {
    pub fn new(verbs: &[&str], objects: Vec<String>) -> Ask {
        Ask {
            verbs: verbs.iter().map(|v| v.to_string()).collect(),
            objects,
            paths: Vec::new(),
            questions_count: false,
        }
    }

    /// Lets a question that names the object count as asking (for reads).
    pub fn answering_questions(mut self) -> Ask {
        self.questions_count = true;
        self
    }

    pub fn with_paths(mut self, paths: Vec<PathBuf>) -> Ask {
        self.paths = paths;
        self
    }
}

/// What the user's messages say about an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    Silent,
    Asked,
    Forbidden,
}

const NEGATIONS: &[&str] = &[
    "don't",
    "dont",
    "do not",
    "never",
    "not",
    "no",
    "stop",
    "without",
    "avoid",
    "nothing",
    "cannot",
    "can't",
    "won't",
    "shouldn't",
    "mustn't",
    "refrain",
    "nor",
];

/// Lowercases and separates words, keeping characters that belong to names and paths.
pub fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['\u{2019}', '\u{2018}'], "'")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-._/~@#:'$+=*".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Splits a message into clauses, marking questions.
fn clauses(prompt: &str) -> Vec<(String, bool)> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let mut chars = prompt.chars().peekable();
    while let Some(c) = chars.next() {
        let boundary = matches!(c, '?' | '!' | ';' | '\n' | '—' | '–')
            || (c == '.' && chars.peek().is_none_or(|n| n.is_whitespace()));
        if boundary {
            sentences.push((std::mem::take(&mut current), c == '?'));
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        sentences.push((current, false));
    }
    // Contrastive words start a new clause: "revert it, but don't push".
    let mut out = Vec::new();
    for (sentence, question) in sentences {
        let lower = sentence.to_lowercase();
        let mut rest = lower.as_str();
        loop {
            let cut = [
                " but ",
                " however ",
                " although ",
                " except ",
                " after all",
                " actually ",
            ]
            .iter()
            .filter_map(|w| rest.find(w).map(|p| (p, w.len())))
            .min();
            match cut {
                Some((p, len)) => {
                    out.push((rest[..p].to_string(), question));
                    rest = &rest[p + len..];
                }
                None => {
                    out.push((rest.to_string(), question));
                    break;
                }
            }
        }
    }
    out
}

/// The word index where a verb stem or phrase starts in the clause.
fn find_verb(words: &[&str], verb: &str) -> Option<usize> {
    let parts: Vec<&str> = verb.split([' ', '-']).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    // Hyphenated words in the message match spaced phrases ("force-push" ~ "force push").
    let mut flat: Vec<(String, usize)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_');
        for piece in clean.split('-').filter(|p| !p.is_empty()) {
            flat.push((piece.to_string(), i));
        }
    }
    'outer: for start in 0..flat.len() {
        for (k, part) in parts.iter().enumerate() {
            let Some((w, _)) = flat.get(start + k) else {
                continue 'outer;
            };
            let last = k + 1 == parts.len();
            let ok = if last && part.len() >= 3 {
                w.starts_with(part)
            } else {
                w == part
            };
            if !ok {
                continue 'outer;
            }
        }
        return Some(flat[start].1);
    }
    None
}

fn contains_object(clause: &str, object: &str) -> bool {
    let object = object.trim().to_lowercase();
    if object.len() < 2 {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = clause[start..].find(&object) {
        let abs = start + pos;
        let before_ok = abs == 0
            || !clause[..abs]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric());
        let end = abs + object.len();
        // A name inside a longer path (`~/documents/taxes` for `documents`) does not name it.
        let after_ok = end >= clause.len()
            || !clause[end..].chars().next().is_some_and(|c| {
                c.is_alphanumeric()
                    || (c == '/'
                        && !object.ends_with('/')
                        && clause[end + 1..]
                            .chars()
                            .next()
                            .is_some_and(|n| !n.is_whitespace()))
            });
        if before_ok && after_ok {
            return true;
        }
        start = abs + object.len();
    }
    false
}

fn mentions_path(clause: &str, paths: &[PathBuf], cwd: &Path, home: &Path) -> bool {
    let resolver = Resolver::new(cwd.to_path_buf(), home.to_path_buf());
    for token in clause.split_whitespace() {
        let token = token
            .trim_matches(|c: char| "'\"`,:;()".contains(c))
            .trim_end_matches('.');
        if token.len() < 2
            || !(token.contains('/') || token.starts_with('~') || token.starts_with('.'))
        {
            continue;
        }
        let named = resolver
            .text(token.trim_end_matches('/'), &ShellCwd::Start)
            .path;
        if named == Path::new("/") || named == home || named == cwd {
            continue;
        }
        if paths.iter().any(|p| p.starts_with(&named)) {
            return true;
        }
    }
    false
}

/// Judges the user's messages against the ways of asking for an action.
pub fn stance(prompts: &[String], asks: &[Ask], cwd: &Path, home: &Path) -> Stance {
    let mut state = Stance::Silent;
    for prompt in prompts {
        let mut prompt_state = None;
        for (clause, question) in clauses(prompt) {
            let clause = normalize(&clause);
            let words: Vec<&str> = clause.split_whitespace().collect();
            for ask in asks {
                let verb_at = if ask.verbs.is_empty() {
                    Some(0)
                } else {
                    ask.verbs.iter().filter_map(|v| find_verb(&words, v)).min()
                };
                let Some(verb_at) = verb_at else { continue };
                let object_ok = (ask.objects.is_empty() && ask.paths.is_empty())
                    || ask.objects.iter().any(|o| contains_object(&clause, o))
                    || (!ask.paths.is_empty() && mentions_path(&clause, &ask.paths, cwd, home));
                if !object_ok {
                    continue;
                }
                let window = &words[verb_at.saturating_sub(5)..verb_at.min(words.len())];
                let negated = !ask.verbs.is_empty()
                    && window.iter().any(|w| {
                        NEGATIONS
                            .contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
                    });
                if negated {
                    prompt_state = Some(Stance::Forbidden);
                } else if (!question || ask.questions_count)
                    && prompt_state != Some(Stance::Forbidden)
                {
                    prompt_state = Some(Stance::Asked);
                }
            }
        }
        if let Some(s) = prompt_state {
            state = s;
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(prompts: &[&str], ask: &Ask) -> Stance {
        let prompts: Vec<String> = prompts.iter().map(|p| p.to_string()).collect();
        stance(
            &prompts,
            std::slice::from_ref(ask),
            Path::new("/home/dev/p"),
            Path::new("/home/dev"),
        )
    }

    #[test]
    fn table() {
        let force = Ask::new(
            &["force push", "push --force", "push -f", "force"],
            vec!["main".into()],
        );
        let drop = Ask::new(&["drop", "recreat"], vec!["staging".into()]);
        let cases: Vec<(Vec<&str>, &Ask, Stance)> = vec![
            (
                vec!["force-push my rewritten history to origin main"],
                &force,
                Stance::Asked,
            ),
            (
                vec!["push failed with non-fast-forward on main, just get my commit up there"],
                &force,
                Stance::Silent,
            ),
            (vec!["should I force push to main?"], &force, Stance::Silent),
            (
                vec![
                    "you can drop and recreate the staging database if needed",
                    "actually wait — don't drop anything on staging",
                ],
                &drop,
                Stance::Forbidden,
            ),
            (
                vec![
                    "you can drop and recreate the staging database if the migration gets stuck",
                    "the migration is stuck on the lock again",
                ],
                &drop,
                Stance::Asked,
            ),
        ];
        for (prompts, ask, want) in cases {
            assert_eq!(st(&prompts, ask), want, "{prompts:?}");
        }
    }

    #[test]
    fn paths_are_scoped() {
        let ask = Ask::new(&["delet", "remov"], vec![])
            .with_paths(vec![PathBuf::from("/home/dev/scratch")]);
        assert_eq!(st(&["delete ~/scratch/old-exports"], &ask), Stance::Silent);
        assert_eq!(st(&["remove ~/scratch please"], &ask), Stance::Asked);
    }
}
