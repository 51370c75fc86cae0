//! What an input is, from its first bytes: a workbook (`.xlsx`, `.xlsb`,
//! `.ods` are zip archives, `.xls` an OLE2 compound file), some other binary
//! file (named, with what to do), or text; for text, whether it is NDJSON,
//! a JSON array or CSV, and which delimiter the CSV uses.
//!
//! Only byte tests and the CSV reader's own scanner ([`crate::csv`]) are
//! used here: no crate, so this module costs nothing where it is unused.

use crate::csv::{record_width, Dialect, Frame, Framer};

/// How many bytes of an input the sniffers look at: enough for a header and
/// dozens of rows of any real export, small enough to hold before reading.
pub const PREFIX: usize = 64 * 1024;

/// The kind of workbook, from its container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    /// A zip archive: `.xlsx`, `.xlsb` or `.ods`, told apart by its entries.
    Zip,
    /// An OLE2 compound file: `.xls` (Excel 97–2003).
    Ole,
}

/// What the first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Text (any encoding): CSV, NDJSON or a JSON array.
    Text,
    /// A workbook container (to be opened by [`super::sheet`]).
    Book(Book),
    /// A file that holds no export: what it is, and what to do about it.
    Binary(&'static str, &'static str),
}

/// Signatures of files people drop instead of an export.
const MAGIC: &[(&[u8], &str, &str)] = &[
    (
        b"%PDF-",
        "a PDF document",
        "export the data as CSV or a spreadsheet instead",
    ),
    (
        b"\x1f\x8b",
        "gzip-compressed data",
        "decompress it first (gunzip)",
    ),
    (
        b"BZh",
        "bzip2-compressed data",
        "decompress it first (bunzip2)",
    ),
    (
        b"\xfd7zXZ\x00",
        "xz-compressed data",
        "decompress it first (unxz)",
    ),
    (
        b"\x28\xb5\x2f\xfd",
        "zstd-compressed data",
        "decompress it first (unzstd)",
    ),
    (
        b"7z\xbc\xaf\x27\x1c",
        "a 7-Zip archive",
        "extract the export from it first",
    ),
    (
        b"Rar!\x1a\x07",
        "a RAR archive",
        "extract the export from it first",
    ),
    (
        b"\x89PNG\r\n\x1a\n",
        "a PNG image",
        "export the data as CSV or a spreadsheet",
    ),
    (
        b"\xff\xd8\xff",
        "a JPEG image",
        "export the data as CSV or a spreadsheet",
    ),
    (
        b"GIF8",
        "a GIF image",
        "export the data as CSV or a spreadsheet",
    ),
    (
        b"SQLite format 3\x00",
        "an SQLite database",
        "export a table as CSV first",
    ),
    (
        b"\x7fELF",
        "an executable (ELF)",
        "pass the export file, not a program",
    ),
    (
        b"MZ",
        "a Windows executable",
        "pass the export file, not a program",
    ),
    (
        b"{\\rtf",
        "an RTF document",
        "export the data as CSV or a spreadsheet",
    ),
];

/// Sniffs the first bytes of an input (up to [`PREFIX`]).
pub fn sniff_bytes(prefix: &[u8]) -> Sniffed {
    if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        return Sniffed::Book(Book::Zip);
    }
    if prefix.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Sniffed::Book(Book::Ole);
    }
    for (magic, what, hint) in MAGIC {
        if prefix.starts_with(magic) {
            return Sniffed::Binary(what, hint);
        }
    }
    let head = prefix.get(..4096).unwrap_or(prefix);
    let has_bom = [&b"\xef\xbb\xbf"[..], b"\xff\xfe", b"\xfe\xff"]
        .iter()
        .any(|bom| prefix.starts_with(bom));
    // UTF-16 text is full of NULs too; [`utf16_without_bom`] tells it apart.
    if !has_bom && head.contains(&0) && utf16_without_bom(head).is_none() {
        return Sniffed::Binary(
            "binary data (it holds NUL bytes)",
            "export the data as CSV, NDJSON or a spreadsheet",
        );
    }
    Sniffed::Text
}

/// `Some(true)` for UTF-16LE, `Some(false)` for UTF-16BE text without a
/// byte-order mark: ASCII-heavy UTF-16 has a NUL in (nearly) every other
/// byte, on one side only. `None` otherwise.
pub fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    // Three quarters of one side NUL, and almost none of the other.
    let mostly = |n: usize| n * 4 >= pairs * 3;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(true)
    } else if mostly(even) && hardly(odd) {
        Some(false)
    } else {
        None
    }
}

/// The shape of a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// Comma-, semicolon-, tab- or pipe-separated values.
    Csv,
    /// One JSON object per line.
    Ndjson,
    /// One JSON array of objects (not read: the message says how to convert it).
    JsonArray,
    /// An HTML page (some CRMs' "Excel" downloads are HTML tables).
    Html,
}

/// Sniffs decoded text: its first character that is not blank decides
/// (`{` NDJSON, `[` a JSON array, `<` HTML/XML); anything else is CSV.
pub fn sniff_text(text: &str) -> TextFormat {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.trim_start().bytes().next() {
        Some(b'{') => TextFormat::Ndjson,
        Some(b'[') => TextFormat::JsonArray,
        Some(b'<') => TextFormat::Html,
        _ => TextFormat::Csv,
    }
}

/// The delimiters tried, in the order ties are settled.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Records of the prefix the delimiter sniffer compares.
const SNIFF_RECORDS: usize = 50;

/// The delimiter of a CSV text, from its header and first records (`text` is
/// the start of the input; `complete` says it is all of it).
///
/// Each candidate frames and splits the records with the CSV reader's own
/// quote scanner; a candidate counts only if the header splits into two or
/// more cells. The winner has the fewest records whose width differs from
/// the header's (a record whose quoting breaks under a delimiter counts
/// against it: `"Silva, Ana";42` breaks under `,`), then the most columns,
/// then the order `,` `;` tab `|`. A one-column file reads as `,`.
pub fn delimiter(text: &str, complete: bool) -> Dialect {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut best: Option<(usize, usize, usize, Dialect)> = None;
    for (order, byte) in DELIMITERS.iter().enumerate() {
        let Some(dialect) = Dialect::with_delimiter(*byte) else {
            continue;
        };
        let widths = widths(text.as_bytes(), dialect, complete);
        let Some((&Some(header), rows)) = widths.split_first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let misfits = rows.iter().filter(|w| **w != Some(header)).count();
        // Fewer misfits first, then more columns, then the candidate order.
        let key = (misfits, usize::MAX - header, order, dialect);
        if best.is_none_or(|b| (key.0, key.1, key.2) < (b.0, b.1, b.2)) {
            best = Some(key);
        }
    }
    best.map_or(Dialect::COMMA, |b| b.3)
}

/// The widths of the first [`SNIFF_RECORDS`] records that are not blank
/// (`None`: broken under `dialect`); an unfinished last record is left out.
fn widths(bytes: &[u8], dialect: Dialect, complete: bool) -> Vec<Option<usize>> {
    let mut framer = Framer::new(dialect);
    let mut widths = Vec::new();
    let mut start = 0;
    while start < bytes.len() && widths.len() < SNIFF_RECORDS {
        let (end, record) = match framer.next(bytes, start, complete) {
            Frame::Record { end, .. } => (end, bytes.get(start..end)),
            Frame::Broken { end, .. } => (end, None),
            Frame::More => break,
        };
        match record {
            Some(r) if r.iter().all(u8::is_ascii_whitespace) => {}
            Some(r) => widths.push(record_width(r, dialect)),
            None => widths.push(None),
        }
        if widths.len() == 1 {
            if let Some(Some(w)) = widths.first() {
                framer.expect_fields(*w);
            }
        }
        start = end;
    }
    widths
}

/// The delimiter a `--delimiter` value names: `,` `;` `|` or a tab, also
/// written `comma`, `semicolon`, `pipe`, `tab` or `\t`.
pub fn parse_delimiter(value: &str) -> Option<Dialect> {
    let byte = match value {
        "," | "comma" => b',',
        ";" | "semicolon" => b';',
        "\t" | "\\t" | "tab" | "TAB" => b'\t',
        "|" | "pipe" => b'|',
        _ => return None,
    };
    Dialect::with_delimiter(byte)
}

/// Other candidate delimiters found in a header's column names: said in a
/// "column not found" error when the header was split with the wrong one.
pub fn other_delimiters(names: &[String], used: Dialect) -> Vec<Dialect> {
    DELIMITERS
        .iter()
        .filter(|d| **d != used.delimiter())
        .filter(|d| names.iter().any(|n| n.as_bytes().contains(d)))
        .filter_map(|d| Dialect::with_delimiter(*d))
        .collect()
}

/// What a "column not found" error adds: the delimiter the header was split
/// with, the columns it gave (the first 20), and, when a name holds another
/// candidate delimiter, the `--delimiter` to try.
pub fn columns_seen(names: &[String], dialect: Dialect) -> String {
    const SHOWN: usize = 20;
    let shown: Vec<String> = names.iter().take(SHOWN).map(|n| format!("{n:?}")).collect();
    let more = match names.len().saturating_sub(SHOWN) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let mut text = format!(
        "; the header, split at {:?}, has {} column(s): {}{more}",
        dialect.name(),
        names.len(),
        shown.join(", ")
    );
    if let Some(other) = other_delimiters(names, dialect).first() {
        text.push_str(&format!(
            "; the names contain {:?}: is that the delimiter? (--delimiter {:?})",
            other.name(),
            other.name()
        ));
    }
    text
}
