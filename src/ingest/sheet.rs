//! A workbook's sheet as CSV text (`.xlsx`, `.xlsb`, `.xls`, `.ods`, read by
//! `calamine`), so that its rows go through the same record pipeline as a
//! CSV file: one code path after the rows exist.
//!
//! Cells are written so the report reads them unambiguously: dates as ISO
//! `yyyy-mm-ddTHH:MM:SS` (the sheet's wall-clock time, zone-less like the
//! cell; `--timezone` applies as to any zone-less time), numbers in their
//! shortest exact decimal (`1234.56`, never `1234.5599999`), whole numbers
//! without `.0`, booleans `true`/`false`, errors as Excel shows them
//! (`#N/A`). Rows before the first cell and after the last are not written;
//! an empty row in the middle is a blank line (which the reader skips), so
//! a row's line number is its row in the sheet from the first used row.
//!
//! # Limits
//!
//! A workbook is a zip archive that calamine inflates into memory, so its
//! directory is checked first ([`check_zip`]), and the sheet read is capped:
//!
//! - [`MAX_ENTRIES`] 10,000 zip entries: a workbook has a few dozen parts
//!   (one per sheet, style, image); the cap bounds the directory walk.
//! - [`MAX_UNCOMPRESSED`] 512 MiB inflated in all: a 1,048,576-row sheet
//!   (Excel's own maximum) of 20 short columns is about 400 MiB of XML.
//! - [`MAX_RATIO`] 200:1 for any entry over 1 MiB: sheet XML compresses
//!   10–30:1, highly repetitive sheets to ~100:1; zip bombs go to 1000:1.
//! - [`MAX_ROWS`] 1,048,576 rows (Excel's maximum) and [`MAX_CELLS`]
//!   20,000,000 cells: the CSV text they make is held in memory (about 20
//!   bytes a cell, 400 MiB at the cap); a larger export reads in constant
//!   memory as CSV.
//!
//! `.xlsx` sheets are streamed cell by cell, so a sparse sheet (one cell at
//! `A1`, one at `XFD1048576`) is caught by the caps before any grid is
//! built; `.xls` and `.ods` are read whole by calamine (an `.xls` is bounded
//! by its file size, an `.ods` by the zip checks).

use super::{IngestError, NOT_AN_EXPORT, TOO_LARGE, UNKNOWN_SHEET};
use calamine::{Data, Reader};
use std::io::Cursor;

/// Most zip entries a workbook may have.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes its entries may inflate to, in all.
pub const MAX_UNCOMPRESSED: u64 = 512 << 20;
/// Highest inflation ratio of an entry over 1 MiB.
pub const MAX_RATIO: u64 = 200;
/// Most rows read from a sheet.
pub const MAX_ROWS: u64 = 1_048_576;
/// Most cells read from a sheet.
pub const MAX_CELLS: u64 = 20_000_000;

/// A sheet turned into CSV text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetText {
    /// `xlsx`, `xlsb`, `xls` or `ods`.
    pub format: &'static str,
    /// The sheet read.
    pub sheet: String,
    /// Its rows as comma-separated UTF-8 text, one line per row.
    pub csv: Vec<u8>,
}

/// What a zip archive is, from its entries (after the limits are checked).
pub fn check_zip(bytes: &[u8]) -> Result<&'static str, IngestError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        IngestError::new(
            NOT_AN_EXPORT,
            format!("a zip archive that cannot be read ({e})"),
        )
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_large(format!(
            "the workbook has {} zip entries (at most {MAX_ENTRIES})",
            zip.len()
        )));
    }
    let mut total = 0u64;
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| {
            IngestError::new(
                NOT_AN_EXPORT,
                format!("a zip archive with a broken entry ({e})"),
            )
        })?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        total = total.saturating_add(size);
        if size > 1 << 20 && size / packed.max(1) > MAX_RATIO {
            return Err(too_large(format!(
                "the workbook's entry {name:?} inflates {}:1 (at most {MAX_RATIO}:1 for entries \
                 over 1 MiB): a zip bomb?",
                size / packed.max(1)
            )));
        }
        names.push(name);
    }
    if total > MAX_UNCOMPRESSED {
        return Err(too_large(format!(
            "the workbook inflates to {} MiB (at most {} MiB)",
            total >> 20,
            MAX_UNCOMPRESSED >> 20
        )));
    }
    let has = |n: &str| names.iter().any(|e| e == n);
    if has("xl/workbook.xml") {
        Ok("xlsx")
    } else if has("xl/workbook.bin") {
        Ok("xlsb")
    } else if has("content.xml") && has("mimetype") {
        Ok("ods")
    } else {
        let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        Err(IngestError::new(
            NOT_AN_EXPORT,
            format!(
                "a zip archive, not a workbook (entries: {}{}); extract the export from it first",
                shown.join(", "),
                if names.len() > 5 { ", …" } else { "" }
            ),
        ))
    }
}

fn too_large(message: String) -> IngestError {
    IngestError::new(
        TOO_LARGE,
        format!("{message}; save the sheet as CSV (read in constant memory) instead"),
    )
}

/// Reads sheet `wanted` (or the first) of a workbook as CSV text; `ole`
/// says the bytes are an OLE2 file (`.xls`) rather than a zip.
///
/// Each format's reader is named on its own: the format is known from the
/// zip's entries already (calamine's `open_workbook_auto` guesses again).
pub fn read(bytes: Vec<u8>, ole: bool, wanted: Option<&str>) -> Result<SheetText, IngestError> {
    let format = if ole { "xls" } else { check_zip(&bytes)? };
    let cursor = Cursor::new(bytes);
    let mut out = Grid::default();
    let sheet = match format {
        "xlsx" => {
            let mut book = calamine::Xlsx::new(cursor).map_err(|e| unreadable(format, &e))?;
            let sheet = pick(book.sheet_names(), wanted)?;
            stream_xlsx(&mut book, &sheet, &mut out)?;
            sheet
        }
        "ods" => whole(calamine::Ods::new(cursor), format, wanted, &mut out)?,
        "xls" => whole(calamine::Xls::new(cursor), format, wanted, &mut out)?,
        _ => whole(calamine::Xlsb::new(cursor), format, wanted, &mut out)?,
    };
    Ok(SheetText {
        format,
        sheet,
        csv: out.finish(),
    })
}

/// The sheet `wanted`, or the first.
fn pick(names: Vec<String>, wanted: Option<&str>) -> Result<String, IngestError> {
    match wanted {
        Some(w) => names.iter().find(|n| *n == w).cloned().ok_or_else(|| {
            let list: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            IngestError::new(
                UNKNOWN_SHEET,
                format!(
                    "--sheet {w:?}: the workbook's sheets are {}",
                    list.join(", ")
                ),
            )
        }),
        None => names
            .into_iter()
            .next()
            .ok_or_else(|| IngestError::new(NOT_AN_EXPORT, "a workbook without any sheet")),
    }
}

/// Reads a sheet that calamine builds whole (`.ods`, `.xls`, `.xlsb`).
fn whole<B, E>(
    book: Result<B, E>,
    format: &str,
    wanted: Option<&str>,
    out: &mut Grid,
) -> Result<String, IngestError>
where
    B: Reader<Cursor<Vec<u8>>, Error = E>,
    E: std::fmt::Display,
{
    let mut book = book.map_err(|e| unreadable(format, &e))?;
    let sheet = pick(book.sheet_names(), wanted)?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| bad_sheet(&sheet, &e))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            out.cell(top + r as u32, left + c as u32, cell)?;
        }
    }
    Ok(sheet)
}

fn unreadable(format: &str, e: &dyn std::fmt::Display) -> IngestError {
    let what = if format == "xls" {
        "an OLE2 (old Office) file that is not a readable .xls workbook"
    } else {
        "a workbook calamine cannot read"
    };
    IngestError::new(NOT_AN_EXPORT, format!("{what} ({e})"))
}

fn bad_sheet(sheet: &str, e: &dyn std::fmt::Display) -> IngestError {
    IngestError::new(
        NOT_AN_EXPORT,
        format!("sheet {sheet:?} cannot be read ({e})"),
    )
}

/// Streams an `.xlsx` sheet's cells (no grid is built).
fn stream_xlsx(
    xlsx: &mut calamine::Xlsx<Cursor<Vec<u8>>>,
    sheet: &str,
    out: &mut Grid,
) -> Result<(), IngestError> {
    let mut cells = xlsx
        .worksheet_cells_reader(sheet)
        .map_err(|e| bad_sheet(sheet, &e))?;
    while let Some(cell) = cells.next_cell().map_err(|e| bad_sheet(sheet, &e))? {
        let (row, col) = cell.get_position();
        out.cell(row, col, &Data::from(cell.get_value().clone()))?;
    }
    Ok(())
}

/// Cells written out as CSV rows, in row order.
#[derive(Default)]
struct Grid {
    csv: Vec<u8>,
    /// The current row's cells: (column, text).
    row: Vec<(u32, String)>,
    /// The current row, and the first row written.
    at: Option<u32>,
    first: Option<u32>,
    /// The first used column, and the header's width from it.
    left: Option<u32>,
    width: usize,
    cells: u64,
}

impl Grid {
    fn cell(&mut self, row: u32, col: u32, value: &Data) -> Result<(), IngestError> {
        let text = cell_text(value);
        if text.is_empty() {
            return Ok(());
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(too_large(format!("the sheet has over {MAX_CELLS} cells")));
        }
        let first = *self.first.get_or_insert(row);
        if u64::from(row.saturating_sub(first)) >= MAX_ROWS {
            return Err(too_large(format!("the sheet has over {MAX_ROWS} rows")));
        }
        if self.at != Some(row) {
            self.flush();
            // Empty rows in between stay as blank lines: line numbers follow the sheet.
            let gap = self
                .at
                .map_or(0, |at| row.saturating_sub(at).saturating_sub(1));
            self.csv.extend(std::iter::repeat_n(b'\n', gap as usize));
            self.at = Some(row);
        }
        self.row.push((col, text));
        Ok(())
    }

    /// Writes the current row (cells padded to the header's width).
    fn flush(&mut self) {
        if self.row.is_empty() {
            return;
        }
        self.row.sort_by_key(|(c, _)| *c);
        let left = *self
            .left
            .get_or_insert_with(|| self.row.first().map_or(0, |(c, _)| *c));
        let mut next = left;
        let mut written = 0usize;
        for (col, text) in self.row.drain(..) {
            let col = col.max(left);
            while next < col {
                if written > 0 {
                    self.csv.push(b',');
                }
                written += 1;
                next += 1;
            }
            if written > 0 {
                self.csv.push(b',');
            }
            crate::csv::write_cell(&mut self.csv, &text, b',');
            written += 1;
            next = col + 1;
        }
        if self.width == 0 {
            self.width = written;
        }
        for _ in written..self.width {
            self.csv.push(b',');
        }
        self.csv.push(b'\n');
    }

    fn finish(mut self) -> Vec<u8> {
        self.flush();
        self.csv
    }
}

/// A cell's text, as the module documentation says.
pub fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
            let mut text = format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}");
            if ms > 0 {
                text.push_str(&format!(".{ms:03}"));
            }
            text
        }
        // A duration (`[h]:mm`) stays its number of days.
        Data::DateTime(d) => number_text(d.as_f64()),
    }
}

/// A double in its shortest exact decimal; whole numbers without `.0`.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
