//! Other people's code that may panic on a bad input or a full disk
//! (calamine on some damaged sheets, rust_xlsxwriter when its temporary
//! file cannot be written): run so that the panic becomes an error the
//! caller words for the officer, without a panic message and a backtrace
//! on the screen. Panics anywhere else are reported as usual.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs `f`; `None` when it panicked.
pub fn catch<T>(f: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let report = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                report(info);
            }
        }));
    });
    let outer = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(outer));
    result.ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_none_and_a_value_passes_through() {
        assert_eq!(super::catch(|| 5), Some(5));
        assert_eq!(super::catch(|| -> i32 { panic!("calamine") }), None);
        // Outside, panics are still caught by the test harness as usual.
        assert!(std::panic::catch_unwind(|| panic!("reported")).is_err());
    }
}
