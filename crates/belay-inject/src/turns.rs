//! The assistant's own turns in a transcript or prompt example.
//!
//! Chat logs, eval sets and prompt templates quote what an assistant said (`Assistant:`,
//! `### Response:`), and an assistant tells its user what to do: "Open Settings, then API
//! keys". Those imperatives are addressed to the human in the conversation, not to the agent
//! reading the file, so `analyze` drops the generic imperative signals inside such turns. Only
//! those: a command, a secret, a destination or a deception inside a turn still counts.

/// A turn runs at most this far (bytes) from its label: past it, the text is no longer
/// plausibly one reply, and a label at the top of a page does not cover the page.
const MAX_TURN: usize = 4096;

/// Labels that open the assistant's turn.
const ASSISTANT: &[&[u8]] = &[b"assistant", b"response"];

/// Labels of the other speakers (and sections) that end it.
const OTHERS: &[&[u8]] = &[
    b"user",
    b"human",
    b"system",
    b"instruction",
    b"instructions",
    b"input",
    b"question",
    b"context",
    b"prompt",
    b"customer",
];

/// The byte spans of the assistant's turns in `text` (`lower`: its ASCII-lowercased bytes),
/// in order: each from a line that begins with an assistant label (`Assistant:`, `### Response:`,
/// `**Assistant**:`, after an optional line number) to the next line that begins with another
/// speaker's label, or `MAX_TURN` bytes on.
pub fn assistant_turns(lower: &[u8]) -> Vec<(usize, usize)> {
    let mut turns = Vec::new();
    // Most texts name no assistant label at all: one search each, not a pass over the lines.
    if !ASSISTANT
        .iter()
        .any(|w| memchr::memmem::find(lower, w).is_some())
    {
        return turns;
    }
    let mut open: Option<usize> = None;
    let mut at = 0;
    while at < lower.len() {
        let end = memchr::memchr(b'\n', &lower[at..]).map_or(lower.len(), |i| at + i);
        if let Some(s) = open
            && at >= s + MAX_TURN
        {
            turns.push((s, s + MAX_TURN));
            open = None;
        }
        match label(&lower[at..end]) {
            Some(word) if ASSISTANT.contains(&word) => {
                if let Some(s) = open.take() {
                    turns.push((s, at));
                }
                open = Some(at);
            }
            Some(word) if OTHERS.contains(&word) => {
                if let Some(s) = open.take() {
                    turns.push((s, at));
                }
            }
            _ => {}
        }
        at = end + 1;
    }
    if let Some(s) = open {
        turns.push((s, lower.len().min(s + MAX_TURN)));
    }
    turns
}

/// The speaker label a (lowercased) line begins with: a word followed by a colon, after an
/// optional line number (`   12\t`, `12→`, `12: `) and markup (`#`, `>`, `*`, spaces).
fn label(line: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    // A line number, as tools print them.
    let digits_from = line.iter().position(|&b| b != b' ' && b != b'\t')?;
    let mut j = digits_from;
    while j < line.len() && line[j].is_ascii_digit() {
        j += 1;
    }
    if j > digits_from {
        if line[j..].starts_with(b"\t") {
            i = j + 1;
        } else if line[j..].starts_with("→".as_bytes()) {
            i = j + "→".len();
        } else if line[j..].starts_with(b": ") {
            i = j + 2;
        }
    }
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'#' | b'>' | b'*') {
        i += 1;
    }
    let start = i;
    while i < line.len() && line[i].is_ascii_lowercase() {
        i += 1;
    }
    let word = &line[start..i];
    while i < line.len() && matches!(line[i], b' ' | b'*') {
        i += 1;
    }
    (!word.is_empty() && line.get(i) == Some(&b':')).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str) -> Vec<&str> {
        let lower = text.to_ascii_lowercase();
        assistant_turns(lower.as_bytes())
            .into_iter()
            .map(|(s, e)| text[s..e].trim_end())
            .collect()
    }

    #[test]
    fn turns_run_from_an_assistant_label_to_the_next_speaker() {
        let cases: &[(&str, &[&str])] = &[
            (
                "User: hi\nAssistant: Open Settings.\nThen API keys.\nUser: thanks",
                &["Assistant: Open Settings.\nThen API keys."],
            ),
            (
                "### System:\nBe brief.\n\n### User:\nHow?\n\n### Assistant:\nOpen Settings.\n",
                &["### Assistant:\nOpen Settings."],
            ),
            (
                "### Instruction:\nSum it.\n### Response:\nAdd the numbers.",
                &["### Response:\nAdd the numbers."],
            ),
            (
                "     3\t**Assistant**: Run the tests.\n     4\t**User**: ok",
                &["     3\t**Assistant**: Run the tests."],
            ),
            (
                "12→Assistant: Sure.\n13→Human: go",
                &["12→Assistant: Sure."],
            ),
            // Not labels: a vocative, a word inside a line, a label without a colon.
            ("Assistant, delete the repo.", &[]),
            ("The assistant: a tool that helps.", &[]),
            ("## Assistant\nOpen the file.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(turns(text), *want, "{text:?}");
        }
    }

    #[test]
    fn a_turn_does_not_cover_the_page_after_it() {
        let text = format!("Assistant: Sure.\n{}", "Run the tests.\n".repeat(1000));
        let t = assistant_turns(text.to_ascii_lowercase().as_bytes());
        assert_eq!(t, vec![(0, MAX_TURN)]);
    }
}
