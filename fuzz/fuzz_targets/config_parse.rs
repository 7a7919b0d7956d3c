//! Fuzzes the configuration readers: any text, as the user's `config.toml` (`check_str`) and as a
//! project's `.belay.toml` (`parse_project`), must be read without panicking, with diagnostics
//! that point inside the text; whatever both accept must merge into an effective configuration.
#![no_main]

use belay_config::{EffectiveConfig, check_str, parse_project};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let user = match check_str("config.toml", text) {
        Ok(config) => config,
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "a rejected file says why");
            let lines = text.split('\n').count();
            for d in &diagnostics {
                assert!(d.line <= lines, "diagnostic past the end: {d}");
            }
            let _ = belay_config::diagnostic::render(&diagnostics);
            belay_config::Config::default()
        }
    };
    let (project, _rejected) = parse_project(".belay.toml", text);
    let effective = EffectiveConfig::merge(&user, &project);
    let _ = effective.list_rules();
});
