//! Evaluate the detector on JSONL files:
//! `cargo run --release -p belay-inject --example eval -- FILE...`
//!
//! Each line needs a text and a label: the dev corpus shape (`tool_output`, `expected`) or
//! `{"text": ..., "label": "injection"|"clean"}`. Prints every miss and TPR/FPR per file;
//! set VERBOSE=1 to print every case with its findings.
use std::io::BufRead;

fn main() {
    let verbose = std::env::var_os("VERBOSE").is_some();
    for path in std::env::args().skip(1) {
        let Ok(f) = std::fs::File::open(&path) else {
            eprintln!("{path}: cannot open");
            continue;
        };
        let (mut tp, mut fp, mut tn, mut fneg) = (0u32, 0u32, 0u32, 0u32);
        for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
            let Ok(line) = line else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let text = v.get("tool_output").or_else(|| v.get("text"));
            let text = text.and_then(|t| t.as_str()).unwrap_or("");
            let label = v.get("expected").or_else(|| v.get("label"));
            let want = label.and_then(|t| t.as_str()) == Some("injection");
            let r = belay_inject::screen(text);
            match (want, r.is_injection) {
                (true, true) => tp += 1,
                (false, false) => tn += 1,
                (false, true) => fp += 1,
                (true, false) => fneg += 1,
            }
            if want != r.is_injection || verbose {
                let tag = match (want, r.is_injection) {
                    (true, false) => "MISS",
                    (false, true) => "FP  ",
                    _ => "ok  ",
                };
                println!("{tag} #{i} {}", r.summary());
                for f in &r.findings {
                    println!("      {} {:.2} {:?}", f.kind, f.score, f.excerpt);
                }
            }
        }
        let tpr = f64::from(tp) / f64::from((tp + fneg).max(1));
        let fpr = f64::from(fp) / f64::from((fp + tn).max(1));
        println!("{path}: TP {tp} FN {fneg} TN {tn} FP {fp}  TPR {tpr:.3} FPR {fpr:.3}");
    }
}
