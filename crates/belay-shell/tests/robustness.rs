//! Robustness: syntax errors, deep nesting, huge input, NUL bytes and pseudo-random garbage
//! must never panic, must return quickly, and must set `incomplete` where input is unreadable.

mod common;

use std::time::{Duration, Instant};

use belay_shell::{MAX_INPUT_BYTES, parse};
use common::{check_invariants, render, run_table};

#[test]
fn syntax_errors_are_incomplete_but_list_commands() {
    run_table(
        "errors",
        &[
            ("echo \"unterminated", "echo ⏎ !incomplete"),
            ("echo 'unterminated", "echo ⏎ !incomplete"),
            ("if true; then echo x", "true ⏎ echo x ⏎ !incomplete"),
            ("ls )(", "ls ⏎ !incomplete"),
            ("rm -rf / && (", "rm -rf / ⏎ !incomplete"),
            ("bash -c 'echo \"x'", "[shell(bash)] echo ⏎ !incomplete"),
            ("cat <<\"\" ; # x", "cat ⏎ '' ⏎ !incomplete"),
        ],
    );
}

fn timed(input: &str) -> belay_shell::Script {
    let start = Instant::now();
    let script = parse(input);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "parse took {took:?}");
    check_invariants("<generated>", &script);
    script
}

#[test]
fn deep_command_substitution_nesting() {
    let input = format!("{}rm -rf /{}", "$(".repeat(10_000), ")".repeat(10_000));
    let script = timed(&input);
    assert!(script.incomplete.is_some());
}

#[test]
fn deep_unclosed_nesting() {
    let input = "$(".repeat(10_000);
    let script = timed(&input);
    assert!(script.incomplete.is_some());
}

#[test]
fn deep_subshells_braces_and_ifs() {
    for (open, close) in [
        ("( ", " )"),
        ("{ ", "; }"),
        ("if true; then ", "; fi"),
        ("`", "`"),
        ("<(", ")"),
    ] {
        let input = format!("{}ls{}", open.repeat(3_000), close.repeat(3_000));
        let script = timed(&input);
        assert!(script.incomplete.is_some(), "{open}");
    }
}

#[test]
fn other_deep_shapes_do_not_overflow() {
    let shapes = [
        "${a:-".repeat(5_000),
        format!("{}ls", "! ".repeat(10_000)),
        format!("[[ {}x{} ]]", "( ".repeat(5_000), " )".repeat(5_000)),
        format!("echo $(( {}1{} ))", "(".repeat(5_000), ")".repeat(5_000)),
        format!("{}x", "\"$(".repeat(5_000)),
        format!("{}x", "bash -c ".repeat(5_000)),
        format!("{}x", "f() { ".repeat(3_000)),
        format!("cat <<EOF\n{}\nEOF", "$(".repeat(5_000)),
        "a=(".repeat(5_000),
        format!("{}ls", "while true; do ".repeat(3_000)),
        format!("{}ls", "case x in x) ".repeat(3_000)),
        format!("echo {}", "a ".repeat(100_000)),
        format!("echo {}", "$ ".repeat(100_000)),
        "ls & ".repeat(40_000),
        format!("{}echo $A", "A=1; ".repeat(20_000)),
        "X=1; (ls); ".repeat(20_000),
    ];
    for input in &shapes {
        let script = timed(input);
        let _ = render(&script);
    }
}

#[test]
fn text_is_the_command_source() {
    let s = parse("sudo rm -rf /tmp/x && bash -c 'ls -l | wc'");
    let texts: Vec<&str> = s.commands.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["rm -rf /tmp/x", "ls -l", "wc"]);
    let s = parse("cat <<EOF > out\nx\nEOF");
    assert_eq!(s.commands[0].text, "cat <<EOF > out\nx\nEOF");
}

#[test]
fn moderate_nesting_is_complete() {
    let input = format!("echo {}id{}", "$(echo ".repeat(20), ")".repeat(20));
    let script = timed(&input);
    assert_eq!(script.incomplete, None);
    // 20 nested `echo`s plus the outer one; the innermost prints `id`.
    assert_eq!(script.commands.len(), 21);
    assert_eq!(script.commands[0].args(), vec!["id".to_string()]);
}

#[test]
fn deep_wrapper_nesting() {
    let input = format!("{}rm -rf /tmp/x", "eval ".repeat(30));
    let script = timed(&input);
    assert!(script.incomplete.is_some());
    // Six levels of `bash -c` quoting are still unwrapped completely.
    let mut code = "rm -rf /tmp/x".to_string();
    for _ in 0..6 {
        code = format!("bash -c {}", shell_quote(&code));
    }
    let script = timed(&code);
    assert_eq!(script.incomplete, None);
    assert_eq!(script.commands.len(), 1);
    assert_eq!(script.commands[0].wrappers.len(), 6);
    let input = format!("{}rm x", "sudo ".repeat(50));
    let script = timed(&input);
    assert!(script.incomplete.is_some());
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[test]
fn long_lists_and_pipelines_are_fine() {
    let input = vec!["true"; 5_000].join(" && ");
    let script = timed(&input);
    assert_eq!(script.incomplete, None);
    assert_eq!(script.commands.len(), 5_000);
    let input = vec!["cat"; 200].join(" | ");
    let script = timed(&input);
    assert_eq!(script.incomplete, None);
    assert_eq!(script.commands.len(), 200);
    assert_eq!(script.commands[199].stdin_from.len(), 199);
    // Very long pipelines are cut (stdin_from would grow quadratically) and flagged.
    let input = vec!["cat"; 20_000].join(" | ");
    let script = timed(&input);
    assert!(script.incomplete.is_some());
}

#[test]
fn one_megabyte_input() {
    let input = "echo hello world; ".repeat(1024 * 1024 / 18 + 1);
    assert!(input.len() > MAX_INPUT_BYTES);
    let script = timed(&input);
    assert!(script.incomplete.is_some());
    assert!(!script.commands.is_empty());
}

/// Wrappers whose code gives no command still leave the wrapper, so a substitution in its
/// words points at a command that exists (the first input is a fuzzer's find).
#[test]
fn wrappers_of_empty_code_are_kept() {
    for input in [
        "eval {na`e}",
        "eval ''",
        "bash -c '' $(date)",
        "eval \"\" | sh",
    ] {
        let script = parse(input);
        check_invariants(input, &script);
        assert!(
            script
                .commands
                .iter()
                .any(|c| matches!(c.program().as_deref(), Some("eval" | "bash"))),
            "{input:?} lost its wrapper: {}",
            render(&script)
        );
    }
}

/// tree-sitter-bash issue 347: after a pipeline of two or more commands, a line that goes on
/// with `&&` loses its first command to the pipeline's last command's arguments. The command
/// must still be seen, and the reading marked incomplete.
#[test]
fn a_command_after_a_pipeline_line_is_not_swallowed() {
    for input in [
        "a | grep x | head -30\necho B && cd s",
        "a | b | c\necho B || cd s",
        "a | b | c # note\necho B && cd s",
    ] {
        let script = parse(input);
        check_invariants(input, &script);
        let programs: Vec<String> = script.commands.iter().filter_map(|c| c.program()).collect();
        assert!(
            programs.contains(&"echo".to_string()),
            "{input:?}: {programs:?}"
        );
        let echo = script
            .commands
            .iter()
            .find(|c| c.program().as_deref() == Some("echo"));
        assert_eq!(
            echo.map(|c| c.args()),
            Some(vec!["B".to_string()]),
            "{input:?}"
        );
        assert!(script.incomplete.is_some(), "{input:?}");
    }
    // Read right by tree-sitter: nothing to mark.
    let script = parse("a | b\necho B || cd s");
    assert_eq!(script.commands[2].args(), ["B"]);
    assert_eq!(script.incomplete, None);
    // A backslash before the line break continues the command.
    let script = parse("a | b \\\n  c && d");
    assert_eq!(script.commands[1].args(), ["c"]);
}

#[test]
fn nul_bytes_and_odd_characters() {
    for input in [
        "rm\0 -rf /",
        "\0",
        "echo \u{feff}x",
        "é$(é)é",
        "ls\r\n",
        "\\",
        "$",
        "${",
        "$((",
        "<<",
        "<<-",
        "'\0'",
    ] {
        let script = timed(input);
        let _ = render(&script);
    }
}

/// xorshift64*: a small deterministic generator so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn random_garbage_never_panics() {
    let tokens = [
        "rm",
        "-rf",
        "/",
        " ",
        " ",
        "'",
        "\"",
        "$(",
        ")",
        "`",
        "(",
        "{",
        "}",
        ";",
        "&&",
        "||",
        "|",
        "&",
        "<<",
        "EOF",
        "\n",
        "<<<",
        ">",
        "<",
        ">>",
        "2>&1",
        "$X",
        "${",
        "$'\\x41'",
        "if",
        "then",
        "fi",
        "for",
        "in",
        "do",
        "done",
        "case",
        "esac",
        "sudo",
        "bash",
        "-c",
        "eval",
        "xargs",
        "find",
        "-exec",
        "\\;",
        "ssh",
        "docker",
        "run",
        "python3",
        "-c",
        "os.system(",
        "X=",
        "cd",
        "alias",
        "=",
        "\0",
        "é",
        "#",
        "\\",
        "<(",
        "$((",
        "[[",
        "]]",
        "echo",
        "base64",
        "-d",
        "env",
        "A=1",
        "$IFS",
        "~",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    for _ in 0..3_000 {
        let len = (rng.next() % 40) as usize;
        let mut input = String::new();
        for _ in 0..len {
            input.push_str(rng.pick(&tokens));
        }
        let script = parse(&input);
        check_invariants(&input, &script);
    }
    // Raw bytes, as lossy UTF-8.
    for _ in 0..2_000 {
        let len = (rng.next() % 64) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() % 128) as u8).collect();
        let input = String::from_utf8_lossy(&bytes);
        let script = parse(&input);
        check_invariants(&input, &script);
    }
    assert!(start.elapsed() < Duration::from_secs(60));
}
