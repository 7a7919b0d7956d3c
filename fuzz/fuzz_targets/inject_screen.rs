//! Fuzz `belay_inject::screen`: any input must be screened without panicking, and the report
//! must be well-formed (spans on char boundaries, sorted findings, scores in 0..1, short excerpts).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let r = belay_inject::screen(&text);
    assert!((0.0..=1.0).contains(&r.score));
    assert_eq!(r.is_injection, r.score >= belay_inject::THRESHOLD);
    let mut last = 0;
    for f in &r.findings {
        assert!(f.start <= f.end && f.end <= text.len());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert!(f.start >= last);
        last = f.start;
        assert!((0.0..=1.0).contains(&f.score));
        assert!(f.excerpt.chars().count() <= 160);
    }
});
