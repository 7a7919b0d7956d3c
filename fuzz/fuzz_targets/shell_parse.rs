//! Fuzz `belay_shell::parse`: any UTF-8 input must parse without panicking, and the script
//! must be well-formed (flows point forward to existing commands, stdin comes from earlier ones),
//! and the fast front end for plain command lines must read exactly what tree-sitter reads.
#![no_main]

use belay_shell::Flow;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let script = belay_shell::parse(text);
    let n = script.commands.len();
    for (i, c) in script.commands.iter().enumerate() {
        if let Flow::Pipe(t) | Flow::Argument(t) = c.stdout_to {
            assert!(i < t && t < n);
        }
        assert!(c.stdin_from.iter().all(|&u| u < i));
    }
    assert_eq!(script, belay_shell::parse_with_tree_sitter_only(text), "{text:?}");
});
