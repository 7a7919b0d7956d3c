//! Prints the parsed commands and the effects of each line of a file, for debugging the
//! knowledge base: `cargo run -p belay-analysis --example effects -- FILE`. Lines are only
//! parsed, never run.

use belay_action::Action;
use std::path::PathBuf;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: effects FILE  (one command line per line; nothing is executed)");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("effects: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let home = PathBuf::from("/home/dev");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        println!("== {line}");
        let script = belay_shell::parse(line);
        for (i, c) in script.commands.iter().enumerate() {
            let argv: Vec<String> = c.argv.iter().map(|w| w.render()).collect();
            println!(
                "  [{i}] {:?} wrappers={:?} stdin={:?} out={:?} cwd={:?}",
                argv, c.wrappers, c.stdin_from, c.stdout_to, c.cwd
            );
        }
        if let Some(why) = &script.incomplete {
            println!("  incomplete: {why}");
        }
        let action = Action {
            tool: "Bash".into(),
            input: serde_json::json!({ "command": line }),
            cwd: PathBuf::from("/home/dev/projects/app"),
        };
        for e in belay_analysis::analyze(&action, &home).effects {
            println!("  -> {e}");
        }
    }
}
