//! The width of each list column, in points, per record kind: the screen's
//! side of [`crate::lists::Columns`], in the same order. On a narrow screen
//! the long text columns give up room first, so that the figures (money,
//! counts, status) stay in view without scrolling sideways.

use crate::domain::RecordKind;

/// Width of a column not listed here (the last one takes the rest anyway).
const DEFAULT_WIDTH: f32 = 120.0;

fn widths(kind: RecordKind) -> &'static [f32] {
    match kind {
        RecordKind::Facility => &[260.0, 120.0, 110.0, 170.0, 110.0, 130.0, 130.0],
        RecordKind::Project => &[50.0, 280.0, 200.0, 90.0, 190.0, 95.0, 105.0, 125.0, 150.0],
        RecordKind::Training => &[50.0, 300.0, 130.0, 70.0, 50.0, 85.0, 95.0, 180.0, 150.0],
        RecordKind::Design => &[50.0, 240.0, 180.0, 150.0, 90.0, 95.0, 150.0],
        RecordKind::Plan | RecordKind::PlanLine => &[],
    }
}

/// Text columns at least this wide may be narrowed on a small screen, down to
/// [`NARROWEST_TEXT`]; the others keep their width.
const SHRINKABLE_FROM: f32 = 150.0;
const NARROWEST_TEXT: f32 = 100.0;

/// The width of column `column` of the list of `kind`.
pub fn column_width(kind: RecordKind, column: usize) -> f32 {
    widths(kind).get(column).copied().unwrap_or(DEFAULT_WIDTH)
}

/// The widths of the list's `count` columns for a list `available` points
/// wide: as set when they fit; otherwise the long text columns narrowed, each
/// by the same share, until they fit or reach their narrowest.
pub fn fitted_widths(kind: RecordKind, count: usize, available: f32) -> Vec<f32> {
    let mut widths: Vec<f32> = (0..count).map(|i| column_width(kind, i)).collect();
    let total: f32 = widths.iter().sum();
    let shrinkable: f32 = widths.iter().filter(|w| **w >= SHRINKABLE_FROM).map(|w| w - NARROWEST_TEXT).sum();
    let excess = total - available;
    if excess > 0.0 && shrinkable > 0.0 {
        let share = (excess / shrinkable).min(1.0);
        for w in widths.iter_mut().filter(|w| **w >= SHRINKABLE_FROM) {
            *w -= (*w - NARROWEST_TEXT) * share;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DesignSupport, Facility, Project, Training};
    use crate::lists::Columns;

    #[test]
    fn a_width_for_every_column() {
        let counts = [
            Facility::columns().len(),
            Project::columns().len(),
            Training::columns().len(),
            DesignSupport::columns().len(),
        ];
        for kind in RecordKind::LISTED {
            assert_eq!(widths(kind).len(), counts[kind.index()], "{kind:?}");
        }
    }

    #[test]
    fn on_a_small_screen_only_the_long_text_columns_give_up_room() {
        let n = Project::columns().len();
        let wide = fitted_widths(RecordKind::Project, n, 2000.0);
        assert_eq!(wide, (0..n).map(|i| column_width(RecordKind::Project, i)).collect::<Vec<_>>());
        let narrow = fitted_widths(RecordKind::Project, n, 900.0);
        assert!(narrow.iter().sum::<f32>() <= 900.5, "{narrow:?}");
        for (i, (w, n)) in wide.iter().zip(&narrow).enumerate() {
            if *w < SHRINKABLE_FROM {
                assert_eq!(w, n, "column {i} keeps its width");
            } else {
                assert!(*n >= NARROWEST_TEXT && n < w, "column {i}: {n}");
            }
        }
        // Narrower than every column at its narrowest: they stop there (the list scrolls).
        let tiny = fitted_widths(RecordKind::Project, n, 300.0);
        assert!(
            tiny.iter().all(|w| *w >= 50.0) && tiny.iter().filter(|w| **w == NARROWEST_TEXT).count() >= 3
        );
    }
}
