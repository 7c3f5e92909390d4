//! The CSV export of one record kind.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::values::{Export, Facilities, Value, typed_text};
use super::{ExportError, ExportSummary};
use crate::domain::fields::columns;
use crate::domain::{DesignSupport, Facility, Project, RecordKind, Training};
use crate::output::NewFile;
use crate::workbook::Workbook;

fn csv_rows<R: Export>(
    wb: &Workbook,
    facilities: &mut Facilities,
    out: &mut csv::Writer<impl Write>,
) -> Result<usize, ExportError> {
    let records = wb.list::<R>()?;
    facilities.complete(wb, &records)?;
    let cols = columns(R::KIND);
    let mut cells: Vec<String> = Vec::with_capacity(cols.len());
    for stored in &records {
        let facility = facilities.of(&stored.record);
        cells.clear();
        for column in cols {
            let value = stored.record.value(column.key, facility).unwrap_or(Value::Empty);
            cells.push(typed_text(&value, column.ty));
        }
        out.write_record(&cells)?;
    }
    Ok(records.len())
}

/// Writes the live records of one kind to a CSV file at `path`: UTF-8 with a
/// BOM (so Excel shows Vietnamese), comma separated, Vietnamese headers and
/// values as an officer would type them.
pub fn export_csv(wb: &Workbook, kind: RecordKind, path: &Path) -> Result<ExportSummary, ExportError> {
    let mut file = NewFile::beside(path, Some(wb.path()))?;
    let mut facilities = Facilities::load(wb)?;
    let mut buffered = BufWriter::new(file.file());
    buffered.write_all(b"\xEF\xBB\xBF")?;
    let mut out = csv::WriterBuilder::new().delimiter(b',').from_writer(buffered);
    out.write_record(columns(kind).iter().map(|c| c.label.vi))?;
    let records = match kind {
        RecordKind::Facility => csv_rows::<Facility>(wb, &mut facilities, &mut out)?,
        RecordKind::Project => csv_rows::<Project>(wb, &mut facilities, &mut out)?,
        RecordKind::Training => csv_rows::<Training>(wb, &mut facilities, &mut out)?,
        RecordKind::Design => csv_rows::<DesignSupport>(wb, &mut facilities, &mut out)?,
    };
    let mut buffered = out.into_inner().map_err(|e| ExportError::Io(e.error().to_string()))?;
    buffered.flush()?;
    drop(buffered);
    file.commit()?;
    Ok(ExportSummary { records })
}
