//! Text folding before pattern matching, with a map back to original byte offsets.
//!
//! Attackers split or disguise keywords so that naive matching misses them: fullwidth letters
//! (`Ｉｇｎｏｒｅ`), zero-width characters inside words (`ig\u{200B}nore`), bidi controls, Unicode
//! tag characters, JSON string escapes (`\n` inside a one-line JSON value) and leetspeak
//! (`1gn0r3 pr3v10u5`). [`fold`] produces a view where those are undone; [`View::orig`] maps a
//! byte offset in the view back to the input so that findings point at the real text.
//! Leetspeak is handled separately by [`leet_lines`] because folding digits everywhere would
//! damage hashes, versions and numbers.

use std::borrow::Cow;

/// A folded copy of the input and, when lengths differ, an offset map back to it.
pub struct View<'a> {
    pub text: Cow<'a, str>,
    /// `map[i]` is the original byte offset of view byte `i`; `map.len() == text.len() + 1`.
    map: Option<Vec<u32>>,
}

impl View<'_> {
    /// Original byte offset for a byte offset in the view.
    pub fn orig(&self, i: usize) -> usize {
        match &self.map {
            None => i,
            Some(m) => m.get(i).or(m.last()).map_or(i, |&v| v as usize),
        }
    }
}

/// Characters that carry no visible glyph and are removed before matching.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}')
}

/// Fullwidth ASCII (U+FF01..U+FF5E) and the ideographic space fold to ASCII, and so do the
/// two letters that case-insensitive matching equates with ASCII ones (long s, Kelvin sign):
/// the rules are compiled for lowercased ASCII and no longer carry them.
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        '\u{17F}' => Some('s'),
        '\u{212A}' => Some('K'),
        _ => None,
    }
}

/// Cyrillic and Greek letters that look like Latin ones. Only folded next to an ASCII letter,
/// so Russian or Greek text stays intact while `ІGNORE аnd` becomes `IGNORE and`.
fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' | 'Ӏ' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        'а' | 'α' => 'a',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ѕ' => 's',
        'ν' => 'v',
        'х' => 'x',
        'у' => 'y',
        _ => return None,
    })
}

/// Fold `input` for matching. Cheap (borrowed) when the text is plain ASCII without escapes.
pub fn fold(input: &str) -> View<'_> {
    let bytes = input.as_bytes();
    let needs = !input.is_ascii() || memchr::memchr(b'\\', bytes).is_some();
    if !needs {
        return View {
            text: Cow::Borrowed(input),
            map: None,
        };
    }
    let mut out = String::with_capacity(input.len());
    let mut map: Vec<u32> = Vec::with_capacity(input.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        // Plain ASCII runs are copied whole.
        let run = bytes[i..]
            .iter()
            .position(|&b| b == b'\\' || b >= 0x80)
            .map_or(bytes.len(), |p| i + p);
        if run > i {
            out.push_str(&input[i..run]);
            map.extend(i as u32..run as u32);
            i = run;
            continue;
        }
        let Some(c) = input[i..].chars().next() else {
            break;
        };
        let next_at = i + c.len_utf8();
        let next = input[next_at..].chars().next();
        if c == '\\'
            && let Some(n) = next
        {
            // JSON/C string escapes: keep byte length identical ("\n" -> " \n").
            let rep = match n {
                'n' | 'r' => Some('\n'),
                't' => Some(' '),
                '"' | '\'' | '/' => Some(n),
                _ => None,
            };
            if let Some(r) = rep {
                out.push(' ');
                map.push(i as u32);
                out.push(r);
                map.push(i as u32 + 1);
                i = next_at + n.len_utf8();
                continue;
            }
        }
        i = next_at;
        if is_invisible(c) {
            continue;
        }
        let latin_near = out.as_bytes().last().is_some_and(u8::is_ascii_alphabetic)
            || next.is_some_and(|n| n.is_ascii_alphabetic());
        let c2 = fold_char(c)
            .or_else(|| homoglyph(c).filter(|_| latin_near))
            .unwrap_or(c);
        let start = out.len();
        out.push(c2);
        for _ in start..out.len() {
            map.push((next_at - c.len_utf8()) as u32);
        }
    }
    map.push(input.len() as u32);
    let identity = out.len() == input.len();
    View {
        text: Cow::Owned(out),
        map: if identity { None } else { Some(map) },
    }
}

fn leet(b: u8) -> Option<u8> {
    Some(match b {
        b'0' => b'o',
        b'1' => b'i',
        b'3' => b'e',
        b'4' => b'a',
        b'5' => b's',
        b'7' => b't',
        b'@' => b'a',
        b'$' => b's',
        _ => return None,
    })
}

fn is_tok(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '@' || c == '$'
}

/// Byte classes for the leet pre-checks: part of a token, a letter, a leet character.
const TOK: u8 = 1;
const ALPHA: u8 = 2;
const LEET: u8 = 4;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'@' || c == b'$' {
            t[b] |= TOK;
        }
        if c.is_ascii_alphabetic() {
            t[b] |= ALPHA;
        }
        if matches!(c, b'0' | b'1' | b'3' | b'4' | b'5' | b'7' | b'@' | b'$') {
            t[b] |= LEET;
        }
        b += 1;
    }
    t
};

/// Tokens (runs of letters, digits, `@`, `$`) that mix letters with leet characters and do
/// not start with `0x`, counted up to `limit`; one table-driven pass over the bytes (non-ASCII
/// bytes separate tokens). Markup and logs are full of digits, so this runs on most lines.
fn mixed_tokens(line: &[u8], limit: usize) -> usize {
    let mut n = 0;
    let (mut start, mut seen) = (0, 0u8);
    for (i, &b) in line.iter().chain(std::iter::once(&b' ')).enumerate() {
        let c = CLASS[b as usize];
        if c & TOK != 0 {
            seen |= c;
            continue;
        }
        if seen & (ALPHA | LEET) == ALPHA | LEET && !line[start..i].starts_with(b"0x") {
            n += 1;
            if n >= limit {
                return n;
            }
        }
        (start, seen) = (i + 1, 0);
    }
    n
}

/// Lines (start offset, folded copy) that look like leetspeak: at least three tokens mixing
/// letters with leet digits. Folding keeps byte length, so offsets stay valid.
pub fn leet_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if line.len() < 12 || line.len() > 4096 || out.len() >= 64 {
            continue;
        }
        // Three mixed tokens need three leet characters: most lines are out at one glance.
        if line
            .bytes()
            .filter(|&b| CLASS[b as usize] & LEET != 0)
            .count()
            < 3
        {
            continue;
        }
        if mixed_tokens(line.as_bytes(), 3) < 3 {
            continue;
        }
        let folded: String = line
            .split_inclusive(|c: char| !is_tok(c))
            .map(|tok| {
                if tok.bytes().any(|b| b.is_ascii_alphabetic()) {
                    tok.bytes()
                        .map(|x| leet(x).unwrap_or(x) as char)
                        .collect::<String>()
                } else {
                    tok.to_string()
                }
            })
            .collect();
        // Non-ASCII bytes would be re-encoded above; only keep exact-length results.
        if folded.len() == line.len() && line.is_ascii() {
            out.push((start, folded));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leet_tables_agree_with_leet_and_is_tok() {
        for b in 0..=255u8 {
            let c = CLASS[b as usize];
            assert_eq!(c & LEET != 0, leet(b).is_some(), "{b}");
            assert_eq!(c & TOK != 0, is_tok(b as char) && b.is_ascii(), "{b}");
            assert_eq!(c & ALPHA != 0, b.is_ascii_alphabetic(), "{b}");
        }
        assert_eq!(mixed_tokens(b"1gn0re a11 prev10us 0xdead", 9), 3);
        assert_eq!(mixed_tokens(b"1gn0re a11 prev10us", 2), 2);
        assert_eq!(mixed_tokens(b"<img src=\"/img/8841.webp\"> $24.99", 9), 0);
    }

    #[test]
    fn fullwidth_and_zero_width_fold_with_offsets() {
        let s = "ok Ｉｇ\u{200B}nore";
        let v = fold(s);
        assert_eq!(v.text, "ok Ignore");
        let p = v.text.find("Ignore").unwrap();
        assert_eq!(v.orig(p), 3);
        assert_eq!(v.orig(v.text.len()), s.len());
    }

    #[test]
    fn homoglyphs_fold_only_inside_latin_words() {
        assert_eq!(
            fold("ІGNORE the above аnd go").text,
            "IGNORE the above and go"
        );
        assert_eq!(fold("Привет мир").text, "Привет мир");
    }

    #[test]
    fn long_s_and_kelvin_sign_fold_to_ascii() {
        let v = fold("ign\u{17F}ore \u{212A}I");
        assert_eq!(v.text, "ignsore KI");
        assert_eq!(v.orig(v.text.len()), "ign\u{17F}ore \u{212A}I".len());
    }

    #[test]
    fn ascii_is_borrowed_and_escapes_keep_length() {
        assert!(matches!(fold("plain text").text, Cow::Borrowed(_)));
        let v = fold(r#"a\nb\"c"#);
        assert_eq!(v.text.len(), 7);
        assert!(v.text.contains('\n'));
        assert_eq!(v.orig(3), 3);
    }

    #[test]
    fn leet_only_on_leet_lines() {
        let l = leet_lines("commit 9f2c1ab v1.2.3\n1gn0r3 pr3v10u5 1n5truct10n5 now\n");
        assert_eq!(l.len(), 1);
        assert!(l[0].1.starts_with("ignore previous instructions"));
    }
}
