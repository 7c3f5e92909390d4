//! SQL functions the workbook's queries use.
//!
//! SQLite's own `SUM` fails the whole query with "integer overflow" once a
//! total passes i64, so one hostile or mistyped record would leave the
//! officer without a summary or a chart. `sum_vnd` adds in i128 and stops at
//! the i64 bounds instead; totals that large are already flagged by
//! `validate` as above every real grant.

use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Result};

/// Registers the functions on one connection.
pub fn register(conn: &Connection) -> Result<()> {
    conn.create_aggregate_function(
        "sum_vnd",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        SaturatingSum,
    )
}

struct SaturatingSum;

impl Aggregate<Option<i128>, Option<i64>> for SaturatingSum {
    fn init(&self, _: &mut Context<'_>) -> Result<Option<i128>> {
        Ok(None)
    }

    /// NULLs are skipped, as `SUM` does; a real or text value counts as
    /// its integer part (the schema stores integers, so only a tampered
    /// file reaches this).
    fn step(&self, ctx: &mut Context<'_>, acc: &mut Option<i128>) -> Result<()> {
        let value = match ctx.get_raw(0) {
            ValueRef::Null => return Ok(()),
            ValueRef::Integer(v) => v as i128,
            ValueRef::Real(f) if f.is_finite() => f as i128,
            ValueRef::Real(_) | ValueRef::Text(_) | ValueRef::Blob(_) => 0,
        };
        *acc = Some(acc.unwrap_or(0).saturating_add(value));
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, acc: Option<Option<i128>>) -> Result<Option<i64>> {
        Ok(acc.flatten().map(|v| v.clamp(i64::MIN as i128, i64::MAX as i128) as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(values: &str) -> Option<i64> {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(&format!("CREATE TABLE t(v); INSERT INTO t VALUES {values};")).unwrap();
        conn.query_row("SELECT sum_vnd(v) FROM t", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn adds_like_sum() {
        assert_eq!(sum("(1),(2),(NULL),(40)"), Some(43));
        assert_eq!(sum("(NULL)"), None);
    }

    #[test]
    fn stops_at_the_bounds_instead_of_failing() {
        assert_eq!(sum(&format!("({m}),({m}),(5)", m = i64::MAX)), Some(i64::MAX));
        assert_eq!(sum(&format!("({m}),({m})", m = i64::MIN)), Some(i64::MIN));
        // Recovers once the running total comes back in range.
        assert_eq!(sum(&format!("({m}),(1),(-{m})", m = i64::MAX)), Some(1));
    }
}
