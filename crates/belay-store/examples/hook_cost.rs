//! Measures what one `belay hook` process pays the store: open a file database, load the session,
//! note the decision, record the call. Run with
//! `cargo run -p belay-store --example hook_cost --release -- [DB_PATH] [ITERATIONS]`
//! (a temporary database by default). Set `HOOK_COST_DETAIL=1` to print a per-step breakdown.

use std::path::{Path, PathBuf};
use std::time::Instant;

use belay_action::{Action, Verdict};
use belay_store::{CallRecord, HistoryDetail, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let tmp = std::env::temp_dir().join(format!("belay-hook-cost-{}", std::process::id()));
    let path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.join("belay.db"));
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(500);

    let action = Action {
        tool: "Bash".into(),
        input: serde_json::json!({ "command": "cargo test --workspace", "description": "tests" }),
        cwd: PathBuf::from("/home/me/project"),
    };
    let verdict = Verdict::allow("routine");
    // Warm the file (schema creation) so the loop measures the steady state.
    drop(Store::open(&path)?);

    let (mut open_us, mut total_us) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let session = format!("session-{}", i % 20);
        let t0 = Instant::now();
        let store = Store::open(&path)?;
        let t1 = Instant::now();
        let s = store.load_session(&session, Path::new("/home/me"), HistoryDetail::Facts)?;
        let ta = Instant::now();
        store.note_decision(&session, verdict.decision)?;
        let tb = Instant::now();
        store.record_call(&CallRecord::pre(
            &session,
            "claude-code",
            &action,
            &verdict,
            100,
        ))?;
        let tc = Instant::now();
        drop(store);
        let t2 = Instant::now();
        if std::env::var_os("HOOK_COST_DETAIL").is_some() && i % 100 == 0 {
            eprintln!(
                "load {:?} note {:?} record {:?} close {:?}",
                ta - t1,
                tb - ta,
                tc - tb,
                t2 - tc
            );
        }
        std::hint::black_box(s);
        open_us.push((t1 - t0).as_micros() as u64);
        total_us.push((t2 - t0).as_micros() as u64);
    }
    let pct = |v: &mut Vec<u64>, p: usize| {
        v.sort_unstable();
        v[(v.len() * p / 100).min(v.len() - 1)]
    };
    println!(
        "{n} iterations on {}: open p50 {} us p95 {} us; open+load+note+record+close p50 {} us p95 {} us",
        path.display(),
        pct(&mut open_us, 50),
        pct(&mut open_us, 95),
        pct(&mut total_us, 50),
        pct(&mut total_us, 95),
    );
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
