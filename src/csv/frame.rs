//! Cutting CSV bytes into records, resumably, without ever losing the good
//! records after a bad one.
//!
//! A record ends at the first line break outside quotes. A quote opens a
//! quoted cell only at the start of a cell; elsewhere it is text. A record
//! may span lines only through quoted cells, and only if the whole record
//! then reads cleanly: every quoted cell closed within [`MAX_QUOTED_CELL`]
//! bytes and followed by a delimiter or the line end, no stray quote, and as
//! many fields as the header. Otherwise the quote that opened it was most
//! likely unbalanced, so only its first line is given up (`Frame::Broken`)
//! and reading resumes at the next line.

use super::cells::clean_width;
use super::{trim_line_end_bytes, Dialect, MAX_QUOTED_CELL};

/// What [`Framer::next`] found at a record's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A whole record: its bytes end at `end` (after its line end, or at the
    /// end of the input) and hold `lines` line breaks.
    Record {
        /// Index after the record's last byte.
        end: usize,
        /// Line breaks in the record, its own line end included.
        lines: u64,
    },
    /// No record can be read from this line: the line (up to `end`, its line
    /// end included) is to be reported as `bad_csv`, and reading resumes
    /// after it.
    Broken {
        /// Index after the line's last byte.
        end: usize,
        /// 1, or 0 for a last line without a line end.
        lines: u64,
        /// What is wrong, for the report.
        message: String,
    },
    /// The record goes on past the input given: call again, with the same
    /// record start and more input after it (the scan resumes where it was).
    More,
}

/// Why a record cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    TooLong,
    NotClosed,
    AfterQuote,
    Ragged { got: Option<usize>, expected: usize },
}

impl Why {
    /// What is wrong, said of the line the record starts on.
    fn message(self) -> String {
        match self {
            Why::TooLong => format!(
                "a quoted cell opened on this line is not closed within {MAX_QUOTED_CELL} bytes \
                 (1 MiB)"
            ),
            Why::NotClosed => "a quoted cell opened on this line is never closed".to_string(),
            Why::AfterQuote => "a quoted cell opened on this line ends in text after its closing \
                                quote (a quote inside a quoted cell is written twice: \"\")"
                .to_string(),
            Why::Ragged {
                got: Some(got),
                expected,
            } => format!(
                "a quoted cell opened on this line spans lines, but the record then has {got} \
                 fields instead of {expected} (an unbalanced quote?)"
            ),
            Why::Ragged { got: None, .. } => "a quoted cell opened on this line spans lines, but \
                                              the record then has a stray quote (an unbalanced \
                                              quote?)"
                .to_string(),
        }
    }
}

/// Where a scan is, relative to its record's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    /// Outside quotes.
    #[default]
    Unquoted,
    /// Inside the quoted cell whose opening quote is at `open`.
    Quoted { open: usize },
    /// Looking for the end of the first line: the record ends there,
    /// readable (`None`: the splitter reports the line's own problem) or not.
    ToLineEnd(Option<Why>),
}

/// A scan in progress, so that more input resumes it instead of starting over.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    pos: usize,
    mode: Mode,
    /// Line breaks inside quoted cells so far.
    inner_lines: u64,
    /// End (after the line break) of the record's first line, once seen.
    first_line_end: Option<usize>,
}

/// Cuts CSV bytes into records; see the module documentation for the rules.
#[derive(Debug, Clone, Default)]
pub struct Framer {
    dialect: Dialect,
    fields: Option<usize>,
    scan: Scan,
}

impl Framer {
    /// A framer for `dialect`, accepting records of any width (for the header).
    pub fn new(dialect: Dialect) -> Framer {
        Framer {
            dialect,
            fields: None,
            scan: Scan::default(),
        }
    }

    /// From now on, a record spanning lines must have `fields` fields (the
    /// header's), or its first line is given up. A one-line record of another
    /// width is still framed: the caller reports its width itself.
    pub fn expect_fields(&mut self, fields: usize) {
        self.fields = Some(fields);
    }

    /// Frames the record starting at `start` (the start of a line) in `data`;
    /// `eof` says no input follows `data`. Ends are indexes into `data`.
    /// After [`Frame::More`], call again with the same record at the start
    /// (it may have moved, e.g. to index 0 of a new buffer) and more input.
    pub fn next(&mut self, data: &[u8], start: usize, eof: bool) -> Frame {
        let record = data.get(start..).unwrap_or_default();
        let frame = if record.is_empty() {
            Frame::More
        } else {
            self.scan(record, eof)
        };
        match frame {
            Frame::More => Frame::More,
            Frame::Record { end, lines } => {
                self.scan = Scan::default();
                Frame::Record {
                    end: start + end,
                    lines,
                }
            }
            Frame::Broken {
                end,
                lines,
                message,
            } => {
                self.scan = Scan::default();
                Frame::Broken {
                    end: start + end,
                    lines,
                    message,
                }
            }
        }
    }

    fn scan(&mut self, record: &[u8], eof: bool) -> Frame {
        let delimiter = self.dialect.delimiter();
        loop {
            let pos = self.scan.pos;
            match self.scan.mode {
                Mode::Unquoted => {
                    let rest = record.get(pos..).unwrap_or_default();
                    let Some(at) = memchr::memchr2(b'"', b'\n', rest).map(|i| pos + i) else {
                        return self.more_or_end(record, eof);
                    };
                    if record.get(at) == Some(&b'\n') {
                        return self.end_at(record, at + 1, 1);
                    }
                    let opens = at == 0 || record.get(at - 1) == Some(&delimiter);
                    if opens {
                        self.scan.mode = Mode::Quoted { open: at };
                    }
                    self.scan.pos = at + 1;
                }
                Mode::Quoted { open } => {
                    let limit = open.saturating_add(MAX_QUOTED_CELL);
                    let window = record.get(pos..limit.min(record.len()));
                    let found = window.and_then(|w| memchr::memchr2(b'"', b'\n', w));
                    let Some(at) = found.map(|i| pos + i) else {
                        if record.len() >= limit {
                            return self.broken(record, eof, Why::TooLong);
                        }
                        if eof {
                            return self.broken(record, eof, Why::NotClosed);
                        }
                        self.scan.pos = record.len().max(pos);
                        return Frame::More;
                    };
                    if record.get(at) == Some(&b'\n') {
                        self.scan.inner_lines += 1;
                        self.scan.first_line_end.get_or_insert(at + 1);
                        self.scan.pos = at + 1;
                        continue;
                    }
                    match (record.get(at + 1), record.get(at + 2)) {
                        (Some(b'"'), _) => self.scan.pos = at + 2,
                        (Some(&c), _) if c == delimiter => {
                            self.scan.mode = Mode::Unquoted;
                            self.scan.pos = at + 2;
                        }
                        (Some(b'\n'), _) => return self.end_at(record, at + 2, 1),
                        (Some(b'\r'), Some(b'\n')) => return self.end_at(record, at + 3, 1),
                        (None, _) | (Some(b'\r'), None) if !eof => {
                            // The byte after the quote decides: wait for it.
                            self.scan.pos = at;
                            return Frame::More;
                        }
                        (None, _) => return self.end_at(record, at + 1, 0),
                        _ if self.scan.inner_lines == 0 => {
                            // Still on the first line: the line is the record,
                            // and the splitter names the broken field.
                            self.scan.mode = Mode::ToLineEnd(None);
                            self.scan.pos = at + 1;
                        }
                        _ => return self.broken(record, eof, Why::AfterQuote),
                    }
                }
                Mode::ToLineEnd(why) => {
                    let rest = record.get(pos..).unwrap_or_default();
                    let (end, lines) = match memchr::memchr(b'\n', rest) {
                        Some(i) => (pos + i + 1, 1),
                        None if eof => (record.len(), 0),
                        None => {
                            self.scan.pos = record.len();
                            return Frame::More;
                        }
                    };
                    return match why {
                        None => Frame::Record { end, lines },
                        Some(why) => Frame::Broken {
                            end,
                            lines,
                            message: why.message(),
                        },
                    };
                }
            }
        }
    }

    /// Out of input outside quotes: the record ends here at the end of the input.
    fn more_or_end(&mut self, record: &[u8], eof: bool) -> Frame {
        if eof {
            self.end_at(record, record.len(), 0)
        } else {
            self.scan.pos = record.len();
            Frame::More
        }
    }

    /// The record ends at `end` (`lines` is 1 when a line break ends it):
    /// accepted if it is one line, or if it spans lines and reads cleanly.
    fn end_at(&mut self, record: &[u8], end: usize, lines: u64) -> Frame {
        let inner = self.scan.inner_lines;
        if inner == 0 {
            return Frame::Record { end, lines };
        }
        let text = trim_line_end_bytes(record.get(..end).unwrap_or_default());
        let width = clean_width(text, self.dialect);
        let why = match (width, self.fields) {
            (Some(got), Some(expected)) if got != expected => Why::Ragged {
                got: Some(got),
                expected,
            },
            (Some(_), _) => {
                // A workbook's row is one line, whatever its cells hold.
                let inner = if self.dialect.rows() { 0 } else { inner };
                return Frame::Record {
                    end,
                    lines: inner + lines,
                };
            }
            (None, expected) => Why::Ragged {
                got: None,
                expected: expected.unwrap_or(0),
            },
        };
        self.broken(record, true, why)
    }

    /// The record cannot be read: give up its first line only.
    fn broken(&mut self, record: &[u8], eof: bool, why: Why) -> Frame {
        if let Some(end) = self.scan.first_line_end {
            return Frame::Broken {
                end,
                lines: 1,
                message: why.message(),
            };
        }
        // No line break seen yet: the first line ends further on.
        self.scan.mode = Mode::ToLineEnd(Some(why));
        self.scan.pos = self.scan.pos.min(record.len());
        self.scan(record, eof)
    }
}
