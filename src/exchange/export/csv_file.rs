//! The CSV export of one record kind.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::values::{Export, Facilities, Value, typed_text};
use super::{ExportError, ExportSummary};
use crate::domain::fields::columns;
use crate::domain::plan::Plan;
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::output::NewFile;
use crate::workbook::{Stored, Workbook};

fn csv_rows<R: Export>(
    wb: &Workbook,
    ids: Option<&[String]>,
    facilities: &mut Facilities,
    out: &mut csv::Writer<impl Write>,
) -> Result<usize, ExportError> {
    let records = wb.list::<R>()?;
    facilities.complete(wb, &records)?;
    let chosen: Vec<&Stored<R>> = match ids {
        None => records.iter().collect(),
        Some(ids) => {
            // In the order given; a record deleted since is left out.
            let by_id: HashMap<&str, &Stored<R>> = records.iter().map(|s| (s.id.as_str(), s)).collect();
            ids.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect()
        }
    };
    let cols = columns(R::KIND);
    let mut cells: Vec<String> = Vec::with_capacity(cols.len());
    for stored in &chosen {
        let facility = facilities.of(&stored.record);
        cells.clear();
        for column in cols {
            let value = stored.record.value(column.key, facility).unwrap_or(Value::Empty);
            cells.push(typed_text(&value, column.ty));
        }
        out.write_record(&cells)?;
    }
    Ok(chosen.len())
}

/// Writes the live records of one kind to a CSV file at `path`: UTF-8 with a
/// BOM (so Excel shows Vietnamese), comma separated, Vietnamese headers and
/// values as an officer would type them.
pub fn export_csv(wb: &Workbook, kind: RecordKind, path: &Path) -> Result<ExportSummary, ExportError> {
    export_csv_rows(wb, kind, None, path)
}

/// [`export_csv`] of the records with the ids `ids` only, in that order (the
/// rows a list shows), or of every record when `ids` is `None`.
pub fn export_csv_rows(
    wb: &Workbook,
    kind: RecordKind,
    ids: Option<&[String]>,
    path: &Path,
) -> Result<ExportSummary, ExportError> {
    let mut file = NewFile::beside(path, Some(wb.path()))?;
    let mut facilities = Facilities::load(wb)?;
    let mut buffered = BufWriter::new(file.file());
    buffered.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new().delimiter(b',').from_writer(buffered);
    out.write_record(columns(kind).iter().map(|c| c.label.vi))?;
    let records = match kind {
        RecordKind::Facility => csv_rows::<Facility>(wb, ids, &mut facilities, &mut out)?,
        RecordKind::Project => csv_rows::<Project>(wb, ids, &mut facilities, &mut out)?,
        RecordKind::Training => csv_rows::<Training>(wb, ids, &mut facilities, &mut out)?,
        RecordKind::Design => csv_rows::<DesignSupport>(wb, ids, &mut facilities, &mut out)?,
        RecordKind::Plan => csv_rows::<Plan>(wb, ids, &mut facilities, &mut out)?,
        RecordKind::PlanLine => 0,
    };
    let mut buffered = out.into_inner().map_err(|e| ExportError::Io(e.error().to_string()))?;
    buffered.flush()?;
    drop(buffered);
    file.commit()?;
    Ok(ExportSummary { records })
}
