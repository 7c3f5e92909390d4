//! The width of each list column, in points, per record kind: the screen's
//! side of [`crate::lists::Columns`], in the same order.

use crate::domain::RecordKind;

/// Width of a column not listed here (the last one takes the rest anyway).
const DEFAULT_WIDTH: f32 = 120.0;

fn widths(kind: RecordKind) -> &'static [f32] {
    match kind {
        RecordKind::Facility => &[260.0, 120.0, 110.0, 170.0, 110.0, 130.0, 130.0],
        RecordKind::Project => &[50.0, 280.0, 200.0, 90.0, 190.0, 95.0, 105.0, 110.0, 150.0],
        RecordKind::Training => &[50.0, 300.0, 130.0, 70.0, 50.0, 85.0, 95.0, 180.0, 150.0],
        RecordKind::Design => &[50.0, 240.0, 180.0, 150.0, 90.0, 95.0, 150.0],
    }
}

/// The width of column `column` of the list of `kind`.
pub fn column_width(kind: RecordKind, column: usize) -> f32 {
    widths(kind).get(column).copied().unwrap_or(DEFAULT_WIDTH)
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
        for kind in RecordKind::ALL {
            assert_eq!(widths(kind).len(), counts[kind.index()], "{kind:?}");
        }
    }
}
