//! Link the `belay` executable as a position-dependent (non-PIE) binary on Linux.
//!
//! Every agent runs `belay hook` as a fresh process per tool call, so its start-up is paid on
//! every call. A PIE executable makes the dynamic loader apply ~18 000 relative relocations and
//! copy-on-write every page of `.data.rel.ro` (vtables, string tables) before `main` runs:
//! measured with callgrind that is ~0.5 M instructions and ~80 page faults per start, about a
//! sixth of a whole hook event. A fixed load address needs none of that. ASLR still applies to
//! the stack, heap and shared libraries; belay has no network-facing attack surface of its own.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bin=belay=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
