//! The report's words: the paragraph for the yearly report, and the text
//! tables and lines the command line prints.

pub mod docx;
pub mod paragraph;
pub mod picture;
pub mod text;
