//! MCP stdio framing: one JSON-RPC message per line, UTF-8, no embedded newlines (MCP
//! 2025-06-18, "Transports", stdio).
//!
//! [`LineReader`] splits a byte stream into lines of any length up to a cap, without ever
//! holding more than the cap in memory; a longer line is reported as [`Frame::TooLong`] and
//! skipped. A trailing `\r` is dropped (a CRLF writer still frames correctly); a last line
//! without a newline before end of stream is still a line. [`write_message`] writes one message
//! and flushes it, so the other side never waits on a buffer.

use std::io::{self, BufRead, Write};

/// Lines longer than this are not read into memory (and not forwarded).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// How much of an over-long line is kept, to say what it was.
const TOO_LONG_PREFIX: usize = 256;

/// One line of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A whole line, without its `\n` (and without a trailing `\r`).
    Line(Vec<u8>),
    /// A line longer than the cap: its first bytes and its full length.
    TooLong { prefix: Vec<u8>, len: usize },
}

/// Reads [`Frame`]s from a buffered reader.
#[derive(Debug)]
pub struct LineReader<R> {
    inner: R,
    max: usize,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(inner: R) -> LineReader<R> {
        LineReader::with_max(inner, MAX_MESSAGE_BYTES)
    }

    /// A reader whose lines may be at most `max` bytes.
    pub fn with_max(inner: R, max: usize) -> LineReader<R> {
        LineReader { inner, max }
    }

    /// The next line; `None` at end of stream.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut buf = Vec::new();
        let mut len = 0usize;
        let mut too_long = false;
        let mut seen_any = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !seen_any {
                    return Ok(None);
                }
                break;
            }
            seen_any = true;
            let (chunk_len, used, done) = match memchr::memchr(b'\n', available) {
                Some(i) => (i, i + 1, true),
                None => (available.len(), available.len(), false),
            };
            let chunk = &available[..chunk_len];
            len += chunk.len();
            if too_long {
                // Skipping: keep nothing more.
            } else if buf.len() + chunk.len() > self.max {
                too_long = true;
                let room = TOO_LONG_PREFIX.saturating_sub(buf.len());
                buf.extend_from_slice(&chunk[..room.min(chunk.len())]);
                buf.truncate(TOO_LONG_PREFIX);
                buf.shrink_to_fit();
            } else {
                buf.extend_from_slice(chunk);
            }
            self.inner.consume(used);
            if done {
                break;
            }
        }
        if too_long {
            return Ok(Some(Frame::TooLong { prefix: buf, len }));
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(Some(Frame::Line(buf)))
    }
}

/// Writes one message and its newline, then flushes. `message` must not contain a newline
/// (compact `serde_json` output and lines read by [`LineReader`] never do).
pub fn write_message(out: &mut (impl Write + ?Sized), message: &[u8]) -> io::Result<()> {
    debug_assert!(!message.contains(&b'\n'));
    out.write_all(message)?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn frames(input: &[u8], max: usize, capacity: usize) -> Vec<Frame> {
        let mut reader = LineReader::with_max(BufReader::with_capacity(capacity, input), max);
        let mut out = Vec::new();
        while let Some(frame) = reader.next_frame().unwrap() {
            out.push(frame);
        }
        out
    }

    fn line(s: &str) -> Frame {
        Frame::Line(s.as_bytes().to_vec())
    }

    #[test]
    fn splits_lines_table() {
        let cases: &[(&str, &[u8], Vec<Frame>)] = &[
            ("empty stream", b"", vec![]),
            ("one line", b"{}\n", vec![line("{}")]),
            (
                "no final newline",
                b"{}\n{\"a\":1}",
                vec![line("{}"), line("{\"a\":1}")],
            ),
            ("crlf", b"{}\r\n{}\r\n", vec![line("{}"), line("{}")]),
            (
                "blank lines kept",
                b"\n\n{}\n",
                vec![line(""), line(""), line("{}")],
            ),
            ("inner cr kept", b"a\rb\n", vec![line("a\rb")]),
        ];
        for (name, input, want) in cases {
            // A tiny buffer makes every line span many reads.
            for capacity in [1, 3, 8192] {
                assert_eq!(
                    &frames(input, 1024, capacity),
                    want,
                    "{name} (capacity {capacity})"
                );
            }
        }
    }

    #[test]
    fn over_long_line_is_skipped_not_buffered() {
        let mut input = vec![b'x'; 5000];
        input.push(b'\n');
        input.extend_from_slice(b"{}\n");
        for capacity in [7, 64, 8192] {
            let got = frames(&input, 1000, capacity);
            assert_eq!(got.len(), 2, "capacity {capacity}");
            match &got[0] {
                Frame::TooLong { prefix, len } => {
                    assert_eq!(*len, 5000);
                    assert_eq!(prefix.len(), TOO_LONG_PREFIX);
                }
                other => panic!("expected TooLong, got {other:?}"),
            }
            assert_eq!(got[1], line("{}"));
        }
    }

    #[test]
    fn line_at_the_cap_is_whole() {
        let mut input = vec![b'y'; 1000];
        input.push(b'\n');
        assert_eq!(
            frames(&input, 1000, 16),
            vec![Frame::Line(vec![b'y'; 1000])]
        );
    }

    #[test]
    fn large_line_reads_whole() {
        let text = "z".repeat(3 * 1024 * 1024);
        let input = format!("{text}\n");
        let got = frames(input.as_bytes(), MAX_MESSAGE_BYTES, 8192);
        assert_eq!(got, vec![Frame::Line(text.into_bytes())]);
    }

    #[test]
    fn write_message_adds_newline() {
        let mut out = Vec::new();
        write_message(&mut out, b"{\"a\":1}").unwrap();
        assert_eq!(out, b"{\"a\":1}\n");
    }
}
