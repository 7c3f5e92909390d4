//! Records and their rules: no I/O, no UI.

pub mod any;
pub mod codes;
pub mod duplicates;
pub mod fields;
pub mod headers;
pub mod number;
pub mod phrases;
pub mod places;
pub mod plan;
pub mod records;
pub mod text;
pub mod validate;

pub use any::{AnyRecord, Record};
pub use codes::Code;
pub use records::{DesignSupport, Facility, Project, RecordKind, Training, WorkbookInfo};
