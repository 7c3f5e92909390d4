#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts at any panic, even one the program catches (read_xlsx
    // catches calamine's); print instead, as the program does. A panic that
    // escapes the target still aborts, and is a finding.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|info| eprintln!("{info}"))));
    checks::ods_import(data)
});
