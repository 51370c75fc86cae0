use super::*;

fn cells(record: &str) -> Result<(Vec<String>, Vec<usize>), String> {
    let (mut cells, mut stray) = (Vec::new(), Vec::new());
    split_into(record, Dialect::COMMA, &mut cells, &mut stray)?;
    Ok((cells.into_iter().map(Cow::into_owned).collect(), stray))
}

/// Frames `text` fed `chunk` bytes at a time, as a streaming caller does
/// (keeping only the unfinished record): each record's first line and its
/// text, or the message of a broken line.
fn frames(text: &[u8], fields: Option<usize>, chunk: usize) -> Vec<(u64, Result<String, String>)> {
    let mut framer = Framer::new(Dialect::COMMA);
    if let Some(n) = fields {
        framer.expect_fields(n);
    }
    let mut out = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut line = 1;
    let mut fed = 0;
    loop {
        let next = (fed + chunk).min(text.len());
        buffer.extend_from_slice(&text[fed..next]);
        fed = next;
        let eof = fed == text.len();
        let mut start = 0;
        while start < buffer.len() {
            match framer.next(&buffer, start, eof) {
                Frame::Record { end, lines } => {
                    let record = String::from_utf8(buffer[start..end].to_vec()).unwrap();
                    out.push((line, Ok(record)));
                    line += lines;
                    start = end;
                }
                Frame::Broken {
                    end,
                    lines,
                    message,
                } => {
                    out.push((line, Err(message)));
                    line += lines;
                    start = end;
                }
                Frame::More => break,
            }
        }
        buffer.drain(..start);
        if eof {
            assert!(buffer.is_empty());
            return out;
        }
    }
}

/// Frames whole and in every chunk size from 1 to 9: all must agree.
fn frames_any_chunking(text: &str, fields: Option<usize>) -> Vec<(u64, Result<String, String>)> {
    let whole = frames(text.as_bytes(), fields, text.len().max(1));
    for chunk in 1..10 {
        assert_eq!(
            frames(text.as_bytes(), fields, chunk),
            whole,
            "chunk {chunk}"
        );
    }
    whole
}

fn ok(line: u64, record: &str) -> (u64, Result<String, String>) {
    (line, Ok(record.to_string()))
}

#[test]
fn splits_rfc4180_records() {
    assert_eq!(cells("a,b,,c").unwrap().0, ["a", "b", "", "c"]);
    assert_eq!(
        cells(r#""x,y","say ""hi""","""""#).unwrap().0,
        ["x,y", r#"say "hi""#, "\""]
    );
    assert_eq!(cells("a,").unwrap().0, ["a", ""]);
    assert_eq!(cells("\"a\",").unwrap().0, ["a", ""]);
    assert_eq!(cells("\"multi\nline\",z").unwrap().0, ["multi\nline", "z"]);
    assert_eq!(
        cells(r#""open,b"#).unwrap_err(),
        "field 1: a quoted cell is not closed"
    );
    assert!(cells(r#"x,"a"b,c"#)
        .unwrap_err()
        .starts_with("field 2: text after a closing quote"));
}

#[test]
fn keeps_a_stray_quote_in_an_unquoted_cell_as_text() {
    let (got, stray) = cells(r#"ana,Diretor "Comercial,x"#).unwrap();
    assert_eq!(got, ["ana", "Diretor \"Comercial", "x"]);
    assert_eq!(stray, [1]);
    let (got, stray) = cells(r#"5" disk,"q""",a"b"#).unwrap();
    assert_eq!(got, ["5\" disk", "q\"", "a\"b"]);
    assert_eq!(stray, [0, 2]);
}

#[test]
fn types_cells_like_every_surface() {
    let v = |t: &'static str| cell_value(Cow::Borrowed(t));
    assert_eq!(v("120"), Some(Value::Number(120.0)));
    assert_eq!(v("TRUE"), Some(Value::Bool(true)));
    assert!(matches!(v("01310"), Some(Value::String(_))));
    assert!(matches!(v("1234567890123456"), Some(Value::String(_))));
    assert_eq!(v(""), None);
    // `1.000` may be one or a thousand: the cell stays text, and the field's
    // declaration (or a warning) decides; other JSON numbers are numbers.
    assert!(matches!(v("1.000"), Some(Value::String(_))));
    assert!(matches!(v("-12.500"), Some(Value::String(_))));
    assert_eq!(v("1.5"), Some(Value::Number(1.5)));
    assert_eq!(v("1234.500"), Some(Value::Number(1234.5)));
}

#[test]
fn frames_records_across_lines_and_chunks() {
    let text = "id,note\r\n1,\"two\nlines\"\n2,\"a,\"\"b\"\"\"\r\n\n3,last";
    assert_eq!(
        frames_any_chunking(text, Some(2)),
        [
            ok(1, "id,note\r\n"),
            ok(2, "1,\"two\nlines\"\n"),
            ok(4, "2,\"a,\"\"b\"\"\"\r\n"),
            ok(5, "\n"),
            ok(6, "3,last"),
        ]
    );
}

#[test]
fn an_unbalanced_quote_costs_only_its_line() {
    let text = "id,name\n1,ok\n2,\"Acme\n3,\"Beta, Inc\"\n4,fine\n5,\"never closed\n";
    let got = frames_any_chunking(text, Some(2));
    assert_eq!(got[0..2], [ok(1, "id,name\n"), ok(2, "1,ok\n")]);
    assert_eq!(got[2].0, 3);
    let message = got[2].1.as_ref().unwrap_err();
    assert!(
        message.contains("ends in text after its closing quote"),
        "{message}"
    );
    assert_eq!(got[3..5], [ok(4, "3,\"Beta, Inc\"\n"), ok(5, "4,fine\n")]);
    assert_eq!(got[5].0, 6);
    let message = got[5].1.as_ref().unwrap_err();
    assert!(message.contains("is never closed"), "{message}");
    assert_eq!(got.len(), 6);
}

#[test]
fn a_record_spanning_lines_must_fit_the_header() {
    // Line 2's quote pairs with line 3's closing one: 1 field, not 2.
    let text = "a,b\n\"x\ny\",z,extra\n1,2\n";
    let got = frames_any_chunking(text, Some(2));
    assert_eq!(got[0], ok(1, "a,b\n"));
    assert_eq!(got[1].0, 2);
    let message = got[1].1.as_ref().unwrap_err();
    assert!(message.contains("3 fields instead of 2"), "{message}");
    // Line 3 read again from its own start: a stray quote, one line.
    assert_eq!(got[2..], [ok(3, "y\",z,extra\n"), ok(4, "1,2\n")]);
    // Without a header width (the header itself), any width spans lines.
    assert_eq!(
        frames_any_chunking("\"x\ny\",z\n", None),
        [ok(1, "\"x\ny\",z\n")]
    );
}

#[test]
fn a_quoted_cell_is_bounded() {
    let big = "x".repeat(MAX_QUOTED_CELL);
    // Exactly the bound, quotes included: still a cell.
    let fits = format!("a,\"{}\"\n2,b\n", &big[2..]);
    let got = frames(fits.as_bytes(), Some(2), 64 * 1024);
    assert_eq!(got.len(), 2);
    assert!(got[0].1.is_ok());
    // One byte more, or never closed: the line is given up, the next one read.
    let over = format!("a,\"{}\"\n2,b\n", &big[1..]);
    let open = format!("a,\"{big}\n2,b\n");
    for text in [over, open] {
        let got = frames(text.as_bytes(), Some(2), 64 * 1024);
        let message = got[0].1.as_ref().unwrap_err();
        assert!(
            message.contains("not closed within 1048576 bytes"),
            "{message}"
        );
        assert_eq!(got[1..], [ok(2, "2,b\n")]);
    }
}

#[test]
fn the_delimiter_is_a_parameter() {
    let semicolon = Dialect::with_delimiter(b';').unwrap();
    let (mut got, mut stray) = (Vec::new(), Vec::new());
    split_into("a;\"b;c\";d,e", semicolon, &mut got, &mut stray).unwrap();
    assert_eq!(got, ["a", "b;c", "d,e"]);
    assert!(Dialect::with_delimiter(b'"').is_none());
    assert!(Dialect::with_delimiter(b'\n').is_none());
    assert_eq!(
        Dialect::with_delimiter(b'\t').map(Dialect::delimiter),
        Some(b'\t')
    );
}
