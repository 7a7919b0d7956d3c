//! Decode-and-run payloads: `echo <base64> | base64 -d | sh`, `base64 -d <<< X | bash`,
//! `printf '%s' X | xxd -r -p | sh`, and plain literals piped to a shell (`echo 'cmd' | sh`,
//! `cat <<EOF | bash`). Small base64 and hex decoders live here so no crate is
//! needed.

use crate::unwrap::SHELLS;
use crate::{Command, RedirectOp, Word};

/// A payload found in a pipeline: the decoded shell code and the decoder's name.
pub(crate) struct Payload {
    pub(crate) decoder: String,
    pub(crate) code: String,
}

/// Decodes standard or URL-safe base64, ignoring whitespace; `None` when invalid.
pub fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut buf: u32 = 0;
    let mut bits = 0u32;
    for c in input.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        buf = (buf << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Decodes a plain hex dump (`xxd -p` format), ignoring whitespace.
pub fn hex_decode(input: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = input.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (p[1] as char).to_digit(16)?;
            Some((hi * 16 + lo) as u8)
        })
        .collect()
}

fn literal_args(cmd: &Command) -> Vec<String> {
    cmd.argv.iter().skip(1).map(Word::render).collect()
}

/// The literal text `cmd` writes to its standard output, for `echo`, `printf` and `cat <<X`.
fn literal_output(cmd: &Command) -> Option<String> {
    let program = cmd.program()?;
    if cmd.argv.iter().any(|w| w.literal().is_none()) {
        return None;
    }
    match program.as_str() {
        "echo" => {
            let args: Vec<String> = literal_args(cmd)
                .into_iter()
                .skip_while(|a| a.starts_with('-') && a.len() > 1)
                .collect();
            Some(args.join(" "))
        }
        "printf" => {
            let args = literal_args(cmd);
            match args.first().map(String::as_str) {
                Some("%s" | "%s\\n" | "%b") => Some(args[1..].join("")),
                Some(fmt) if !fmt.contains('%') => Some(fmt.replace("\\n", "\n")),
                _ => None,
            }
        }
        "cat" if cmd.argv.len() == 1 => here_body(cmd),
        _ => None,
    }
}

fn here_body(cmd: &Command) -> Option<String> {
    cmd.redirects.iter().find_map(|r| match r.op {
        RedirectOp::HereDoc | RedirectOp::HereString => r.body.clone(),
        _ => None,
    })
}

/// Which decoder `cmd` is, if any.
fn decoder(cmd: &Command) -> Option<&'static str> {
    let program = cmd.program()?;
    let args = literal_args(cmd);
    let has = |names: &[&str]| args.iter().any(|a| names.contains(&a.as_str()));
    match program.as_str() {
        "base64" | "gbase64" if has(&["-d", "--decode", "-D", "-di", "-id"]) => Some("base64"),
        "base32" if has(&["-d", "--decode"]) => None,
        "xxd" if has(&["-r"]) && has(&["-p", "-ps", "-plain"]) => Some("xxd"),
        "xxd" if has(&["-r", "-rp", "-pr"]) && args.iter().any(|a| a.contains('p')) => Some("xxd"),
        _ => None,
    }
}

/// Whether `cmd` is a shell reading its script from standard input.
fn is_stdin_shell(cmd: &Command) -> bool {
    let Some(p) = cmd.program() else { return false };
    if !SHELLS.contains(&p.as_str()) {
        return false;
    }
    cmd.argv.iter().skip(1).all(|w| {
        w.literal()
            .is_some_and(|a| a.starts_with('-') && !a.contains('c'))
    })
}

/// Detects `literal | decoder | shell` ending at stage `j` of a pipeline.
pub(crate) fn pipeline_payload(
    out: &[Command],
    members: &[Vec<usize>],
    j: usize,
) -> Option<Payload> {
    if j == 0 {
        return None;
    }
    let shell = out.get(*members[j].first()?)?;
    if members[j].len() != 1 || !is_stdin_shell(shell) {
        return None;
    }
    let prev_members = &members[j - 1];
    if prev_members.len() != 1 {
        return None;
    }
    let prev = out.get(prev_members[0])?;
    // `echo 'rm -rf x' | sh`, `cat <<EOF | bash`: the literal itself is the script.
    if decoder(prev).is_none() {
        let code = literal_output(prev)?;
        if code.trim().is_empty() {
            return None;
        }
        return Some(Payload {
            decoder: shell.program()?,
            code,
        });
    }
    let name = decoder(prev)?;
    let input = match here_body(prev) {
        Some(body) => body,
        None => {
            if j < 2 || members[j - 2].len() != 1 {
                return None;
            }
            literal_output(out.get(members[j - 2][0])?)?
        }
    };
    let bytes = match name {
        "xxd" => hex_decode(&input)?,
        _ => base64_decode(input.trim())?,
    };
    let code = String::from_utf8(bytes).ok()?;
    if code.trim().is_empty() {
        return None;
    }
    Some(Payload {
        decoder: name.to_string(),
        code,
    })
}
