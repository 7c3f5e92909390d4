//! The report's words: the paragraph for the yearly report, and the text
//! tables and lines the command line prints; the yearly report as a Word
//! document ([`yearly`] gathers it, [`docx`] lays it out, [`picture`] draws
//! its charts without a window).

pub mod docx;
pub mod paragraph;
pub mod picture;
pub mod plan_table;
pub mod text;
pub mod yearly;
