//! The labeled dev corpus (shared/corpus/injections.dev.jsonl, outside this repository):
//! TPR >= 0.90 and FPR <= 0.03. Skips when the file is absent (e.g. in a user's clone).

use std::path::Path;

#[test]
fn dev_corpus_meets_the_bar() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/injections.dev.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping dev corpus test: {} not found (the shared/ folder is not part of this repository)",
            path.display()
        );
        return;
    };
    let (mut tp, mut fneg, mut tn, mut fp) = (0u32, 0u32, 0u32, 0u32);
    for (i, line) in data.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["tool_output"].as_str().unwrap_or("");
        let want = v["expected"].as_str() == Some("injection");
        let r = belay_inject::screen(text);
        match (want, r.is_injection) {
            (true, true) => tp += 1,
            (true, false) => {
                fneg += 1;
                eprintln!("MISS line {} ({}): {}", i + 1, v["id"], r.summary());
            }
            (false, false) => tn += 1,
            (false, true) => {
                fp += 1;
                eprintln!(
                    "FALSE POSITIVE line {} ({}): {}",
                    i + 1,
                    v["id"],
                    r.summary()
                );
            }
        }
    }
    let tpr = f64::from(tp) / f64::from((tp + fneg).max(1));
    let fpr = f64::from(fp) / f64::from((fp + tn).max(1));
    eprintln!("dev corpus: TP {tp} FN {fneg} TN {tn} FP {fp}; TPR {tpr:.3} FPR {fpr:.3}");
    assert!(tp + fneg > 0 && tn + fp > 0, "corpus has both labels");
    assert!(tpr >= 0.90, "TPR {tpr:.3} < 0.90");
    assert!(fpr <= 0.03, "FPR {fpr:.3} > 0.03");
}
