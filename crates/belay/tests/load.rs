//! `belay bench --load` as a process, briefly: concurrent hooks against one store lose no record
//! and every hook answers. No timing is asserted (the figures depend on the machine).

mod common;

use common::{Belay, home};
use std::time::Duration;

#[test]
fn a_short_load_run_loses_no_record() {
    short_load_run("off");
}

/// The same through the resident process (the default): concurrent clients, one server.
#[test]
fn a_short_load_run_through_the_resident_process_loses_no_record() {
    short_load_run("on");
}

fn short_load_run(resident: &str) {
    let home = home();
    let run = Belay::new(
        &[
            "bench",
            "--load",
            "--workers",
            "4",
            "--seconds",
            "2",
            "--json",
        ],
        home.path(),
    )
    .env("BELAY_RESIDENT", resident)
    .run(b"", Duration::from_secs(120));
    assert_eq!(run.code, Some(0), "{run:?}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["resident"], resident == "on", "{report}");
    let sent = report["sent"].as_u64().unwrap();
    assert!(sent >= 4, "{report}");
    assert_eq!(report["answered"], sent, "{report}");
    assert_eq!(report["recorded"], sent, "{report}");
    assert_eq!(report["lost"], 0, "{report}");
    assert_eq!(report["duplicated"], 0, "{report}");
    assert_eq!(report["faulted"], 0, "{report}");
}

#[test]
fn load_options_need_load() {
    let home = home();
    let run =
        Belay::new(&["bench", "--workers", "4"], home.path()).run(b"", Duration::from_secs(60));
    assert_ne!(run.code, Some(0), "{run:?}");
}
