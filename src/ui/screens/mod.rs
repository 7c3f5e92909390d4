//! What the window's central area shows: the overview, each list, the
//! facility's details under its list, and the welcome page.

pub mod facilities;
pub mod list;
pub mod overview;
pub mod plans;
pub mod welcome;
