//! The model document as written: a tree of the JSON text that remembers
//! where every value is, so `tune` changes a few numbers and the version and
//! leaves every other byte alone — key order, layout, lists and sections it
//! does not know (a later model language may add them) all stay as written.
//! A document written on one line is laid out with 2-space indents instead,
//! keys in their order, so the tuned model is readable.
//!
//! The text has already compiled as a model, so it is valid JSON; the reader
//! still fails closed (an error, never a panic) on anything unexpected.

use std::collections::BTreeMap;

/// Deepest nesting read (the model language allows far less).
const MAX_DEPTH: usize = 256;

/// A value of the document and where its text is.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Byte offset of the value's first byte.
    pub start: usize,
    /// Byte offset just past the value.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

/// The shape of a value.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Members in the order written.
    Object(Vec<(String, Node)>),
    /// Elements in order.
    Array(Vec<Node>),
    /// A string, number, `true`, `false` or `null` (its text is the span).
    Scalar,
}

impl Node {
    /// A member of an object (the last one of that name, as JSON readers keep).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }

    /// The members of an object (empty otherwise).
    pub(crate) fn members(&self) -> &[(String, Node)] {
        match &self.kind {
            Kind::Object(members) => members,
            _ => &[],
        }
    }

    /// The elements of an array (empty otherwise).
    pub(crate) fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Array(items) => items,
            _ => &[],
        }
    }

    /// The raw text of the value.
    pub(crate) fn text<'t>(&self, doc: &'t str) -> &'t str {
        doc.get(self.start..self.end).unwrap_or("")
    }

    /// The value as a number, when it is one.
    pub(crate) fn number(&self, doc: &str) -> Option<f64> {
        match self.kind {
            Kind::Scalar => self.text(doc).parse::<f64>().ok(),
            _ => None,
        }
    }

    /// The value as a string, when it is one.
    pub(crate) fn string(&self, doc: &str) -> Option<String> {
        match self.kind {
            Kind::Scalar if self.text(doc).starts_with('"') => {
                serde_json::from_str::<String>(self.text(doc)).ok()
            }
            _ => None,
        }
    }
}

/// Reads the document text (a byte-order mark before it is skipped).
pub(crate) fn parse(text: &str) -> Result<Node, String> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    if text.starts_with('\u{feff}') {
        p.at = '\u{feff}'.len_utf8();
    }
    let node = p.value(0)?;
    p.blank();
    if p.at != p.bytes.len() {
        return Err(format!(
            "unexpected text after the document at byte {}",
            p.at
        ));
    }
    Ok(node)
}

struct Parser<'t> {
    bytes: &'t [u8],
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.blank();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!(
                "expected {:?} at byte {}",
                char::from(byte),
                self.at
            ))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("the document is nested too deeply".into());
        }
        self.blank();
        let start = self.at;
        let kind = match self.peek() {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.blank();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                } else {
                    loop {
                        self.blank();
                        let key_start = self.at;
                        self.string()?;
                        let raw = self.text.get(key_start..self.at).unwrap_or("");
                        let key = serde_json::from_str::<String>(raw)
                            .map_err(|e| format!("a key at byte {key_start}: {e}"))?;
                        self.expect(b':')?;
                        members.push((key, self.value(depth + 1)?));
                        self.blank();
                        match self.peek() {
                            Some(b',') => self.at += 1,
                            Some(b'}') => {
                                self.at += 1;
                                break;
                            }
                            _ => return Err(format!("expected , or }} at byte {}", self.at)),
                        }
                    }
                }
                Kind::Object(members)
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.blank();
                if self.peek() == Some(b']') {
                    self.at += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.blank();
                        match self.peek() {
                            Some(b',') => self.at += 1,
                            Some(b']') => {
                                self.at += 1;
                                break;
                            }
                            _ => return Err(format!("expected , or ] at byte {}", self.at)),
                        }
                    }
                }
                Kind::Array(items)
            }
            Some(b'"') => {
                self.string()?;
                Kind::Scalar
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.at += 1;
                }
                if self.at == start {
                    return Err(format!("expected a value at byte {start}"));
                }
                Kind::Scalar
            }
            None => return Err("the document ends early".into()),
        };
        Ok(Node {
            start,
            end: self.at,
            kind,
        })
    }

    /// Skips a string, quotes included.
    fn string(&mut self) -> Result<(), String> {
        if self.peek() != Some(b'"') {
            return Err(format!("expected a string at byte {}", self.at));
        }
        self.at += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    return Ok(());
                }
                _ => self.at += 1,
            }
        }
        Err("a string is not closed".into())
    }
}

/// New texts for some values, by the start of the value they replace.
pub(crate) type Edits = BTreeMap<usize, (usize, String)>;

/// The document with its edits: spliced into the text as written when it is
/// laid out on several lines, else laid out afresh with 2-space indents.
pub(crate) fn render(text: &str, root: &Node, edits: &Edits) -> String {
    if text.trim().contains('\n') {
        let mut out = String::with_capacity(text.len() + 64);
        let mut at = 0;
        for (&start, (end, new)) in edits {
            out.push_str(text.get(at..start).unwrap_or(""));
            out.push_str(new);
            at = *end;
        }
        out.push_str(text.get(at..).unwrap_or(""));
        return out;
    }
    let mut out = String::with_capacity(text.len() * 2);
    pretty(text, root, edits, 0, &mut out);
    out.push('\n');
    out
}

fn pretty(text: &str, node: &Node, edits: &Edits, indent: usize, out: &mut String) {
    let pad = |n: usize, out: &mut String| out.extend(std::iter::repeat_n(' ', n));
    match &node.kind {
        Kind::Scalar => match edits.get(&node.start) {
            Some((_, new)) => out.push_str(new),
            None => out.push_str(node.text(text)),
        },
        Kind::Object(members) if members.is_empty() => out.push_str("{}"),
        Kind::Array(items) if items.is_empty() => out.push_str("[]"),
        Kind::Object(members) => {
            out.push_str("{\n");
            for (i, (key, value)) in members.iter().enumerate() {
                pad(indent + 2, out);
                crate::json_text::push_string(out, key);
                out.push_str(": ");
                pretty(text, value, edits, indent + 2, out);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push('}');
        }
        Kind::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                pad(indent + 2, out);
                pretty(text, item, edits, indent + 2, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push(']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_where_they_are_written() {
        let text = "{\n  \"a\": [1, {\"b\\u0021\": -2.5}],\n  \"zz\": \"x\",\n  \"a1\": true\n}\n";
        let root = parse(text).unwrap();
        let keys: Vec<&str> = root.members().iter().map(|m| m.0.as_str()).collect();
        assert_eq!(keys, ["a", "zz", "a1"]);
        let b = &root.get("a").unwrap().items()[1].members()[0];
        assert_eq!(b.0, "b!");
        assert_eq!(b.1.number(text), Some(-2.5));
        assert_eq!(root.get("zz").unwrap().string(text).as_deref(), Some("x"));
        let mut edits = Edits::new();
        edits.insert(b.1.start, (b.1.end, "-3".into()));
        let out = render(text, &root, &edits);
        assert_eq!(out, text.replace("-2.5", "-3"));
    }

    #[test]
    fn a_one_line_document_is_laid_out() {
        let text = r#"{"id":"m","rules":[{"points":5,"if":{}}],"e":[]}"#;
        let root = parse(text).unwrap();
        let points = &root.get("rules").unwrap().items()[0].get("points").unwrap();
        let mut edits = Edits::new();
        edits.insert(points.start, (points.end, "7".into()));
        let out = render(text, &root, &edits);
        assert_eq!(
            out,
            "{\n  \"id\": \"m\",\n  \"rules\": [\n    {\n      \"points\": 7,\n      \"if\": {}\n    }\n  ],\n  \"e\": []\n}\n"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["rules"][0]["points"], 7);
    }

    #[test]
    fn refuses_what_is_not_json() {
        assert!(parse("{\"a\": 1").is_err());
        assert!(parse("{\"a\" 1}").is_err());
        assert!(parse("[1] x").is_err());
        assert!(parse(&"[".repeat(300)).is_err());
    }
}
