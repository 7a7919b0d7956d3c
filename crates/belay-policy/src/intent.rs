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
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if matches!(c, '\u{2019}' | '\u{2018}') {
            '\''
        } else {
            c
        };
        out.push(if c.is_alphanumeric() || "-._/~@#:'$+=*".contains(c) {
            c
        } else {
            ' '
        });
    }
    out
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
            let cut = first_contrast(rest);
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

/// The first contrastive word in `text` (its offset and length). Each starts with a blank and
/// none is a prefix of another, so the first blank where one matches is the earliest match.
fn first_contrast(text: &str) -> Option<(usize, usize)> {
    const CONTRASTS: [&str; 6] = [
        " but ",
        " however ",
        " although ",
        " except ",
        " after all",
        " actually ",
    ];
    text.match_indices(' ').find_map(|(p, _)| {
        CONTRASTS
            .iter()
            .find(|w| text[p..].starts_with(*w))
            .map(|w| (p, w.len()))
    })
}

/// The word index where a verb stem or phrase starts in the clause.
fn find_verb(clause: &Clause, verb: &str) -> Option<usize> {
    let parts = || verb.split([' ', '-']).filter(|p| !p.is_empty());
    let first = parts().next()?;
    // Most verbs are one word: then the first part is all of it.
    let count = if first.len() == verb.len() {
        1
    } else {
        parts().count()
    };
    let matches = |piece: &str, part: &str, last: bool| {
        if last && part.len() >= 3 {
            piece.starts_with(part)
        } else {
            piece == part
        }
    };
    let pieces = &clause.pieces;
    'outer: for start in 0..pieces.len() {
        if !matches(clause.piece(start), first, count == 1) {
            continue;
        }
        for (k, part) in parts().skip(1).enumerate() {
            if start + 1 + k >= pieces.len()
                || !matches(clause.piece(start + 1 + k), part, k + 2 == count)
            {
                continue 'outer;
            }
        }
        return Some(pieces[start].1);
    }
    None
}

fn contains_object(clause: &str, object: &str) -> bool {
    let object = object.trim();
    let lowered;
    let object = if object.chars().any(char::is_uppercase) {
        lowered = object.to_lowercase();
        lowered.as_str()
    } else {
        object
    };
    if object.len() < 2 {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = clause[start..].find(object) {
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

/// One clause of a user message, normalised, with its words and the pieces of hyphenated
/// words (`force-push` is `force` and `push`), as byte ranges into the text.
struct Clause {
    text: String,
    question: bool,
    words: Vec<std::ops::Range<usize>>,
    /// A piece and the index of the word it belongs to.
    pieces: Vec<(std::ops::Range<usize>, usize)>,
}

impl Clause {
    fn new(raw: &str, question: bool) -> Clause {
        let text = normalize(raw);
        let mut words = Vec::new();
        let mut pieces = Vec::new();
        let base = text.as_ptr() as usize;
        for (i, w) in text.split_whitespace().enumerate() {
            let at = w.as_ptr() as usize - base;
            words.push(at..at + w.len());
            // Hyphenated words in the message match spaced phrases ("force-push" ~ "force push").
            let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_');
            for piece in clean.split('-').filter(|p| !p.is_empty()) {
                let at = piece.as_ptr() as usize - base;
                pieces.push((at..at + piece.len(), i));
            }
        }
        Clause {
            text,
            question,
            words,
            pieces,
        }
    }

    fn word(&self, i: usize) -> &str {
        &self.text[self.words[i].clone()]
    }

    fn piece(&self, i: usize) -> &str {
        &self.text[self.pieces[i].0.clone()]
    }
}

/// The user's messages, read once per judgment and then matched against every rule hit's
/// [`Ask`]s: splitting and normalising is most of the cost of [`stance`].
pub struct Messages {
    prompts: Vec<Vec<Clause>>,
}

impl Messages {
    pub fn read(prompts: &[String]) -> Messages {
        let prompts = prompts
            .iter()
            .map(|p| {
                clauses(p)
                    .into_iter()
                    .map(|(c, question)| Clause::new(&c, question))
                    .collect()
            })
            .collect();
        Messages { prompts }
    }
}

/// Judges the user's messages against the ways of asking for an action.
pub fn stance(messages: &Messages, asks: &[Ask], cwd: &Path, home: &Path) -> Stance {
    let mut state = Stance::Silent;
    for prompt in &messages.prompts {
        let mut prompt_state = None;
        for clause in prompt {
            for ask in asks {
                let verb_at = if ask.verbs.is_empty() {
                    Some(0)
                } else {
                    ask.verbs.iter().filter_map(|v| find_verb(clause, v)).min()
                };
                let Some(verb_at) = verb_at else { continue };
                let object_ok = (ask.objects.is_empty() && ask.paths.is_empty())
                    || ask.objects.iter().any(|o| contains_object(&clause.text, o))
                    || (!ask.paths.is_empty()
                        && mentions_path(&clause.text, &ask.paths, cwd, home));
                if !object_ok {
                    continue;
                }
                let window = verb_at.saturating_sub(5)..verb_at.min(clause.words.len());
                let negated = !ask.verbs.is_empty()
                    && window.into_iter().any(|i| {
                        NEGATIONS.contains(
                            &clause
                                .word(i)
                                .trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                        )
                    });
                if negated {
                    prompt_state = Some(Stance::Forbidden);
                } else if (!clause.question || ask.questions_count)
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
            &Messages::read(&prompts),
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
