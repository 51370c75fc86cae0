//! The review as a few blocks (headings, paragraphs, tables, lists), written
//! once by `build.rs` and rendered here as Markdown or as one self-contained
//! HTML page (inline CSS, a `<main>`, tables with header cells, every text
//! escaped, no script and no URL).

use super::super::report::chart::esc;

/// One block of the document.
pub enum Block {
    /// A heading of level 1, 2 or 3.
    Heading(u8, String),
    /// A paragraph.
    Para(String),
    /// A table: header cells, then rows.
    Table(Vec<String>, Vec<Vec<String>>),
    /// A bulleted list.
    List(Vec<String>),
}

/// Markdown: a table cell's `|` escaped, line breaks made spaces.
pub fn markdown(blocks: &[Block]) -> String {
    let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    let mut s = String::new();
    for b in blocks {
        if !s.is_empty() {
            s.push('\n');
        }
        match b {
            Block::Heading(level, text) => {
                s.push_str(&"#".repeat(usize::from(*level)));
                s.push(' ');
                s.push_str(text);
                s.push('\n');
            }
            Block::Para(text) => {
                s.push_str(text);
                s.push('\n');
            }
            Block::Table(head, rows) => {
                let line = |cells: &[String]| {
                    let inner: Vec<String> = cells.iter().map(|c| cell(c)).collect();
                    format!("| {} |\n", inner.join(" | "))
                };
                s.push_str(&line(head));
                s.push_str(&format!("|{}\n", " --- |".repeat(head.len())));
                for r in rows {
                    s.push_str(&line(r));
                }
            }
            Block::List(items) => {
                for i in items {
                    s.push_str("- ");
                    s.push_str(i);
                    s.push('\n');
                }
            }
        }
    }
    s
}

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;margin:0}\
main{max-width:60rem;margin:0 auto;padding:1rem}table{border-collapse:collapse;margin:.5rem 0 1rem}\
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left}th{background:#eef1f5}\
.wrap{overflow-x:auto}";

/// A self-contained HTML page in `lang`, titled by the first heading.
pub fn html(blocks: &[Block], lang: &str) -> String {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading(_, t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("");
    let mut s = format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\n<body><main>\n",
        esc(lang),
        esc(title)
    );
    for b in blocks {
        match b {
            Block::Heading(level, text) => {
                s.push_str(&format!("<h{level}>{}</h{level}>\n", esc(text)));
            }
            Block::Para(text) => s.push_str(&format!("<p>{}</p>\n", esc(text))),
            Block::Table(head, rows) => {
                s.push_str("<div class=\"wrap\"><table><thead><tr>");
                for h in head {
                    s.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
                }
                s.push_str("</tr></thead><tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for (i, c) in r.iter().enumerate() {
                        if i == 0 {
                            s.push_str(&format!("<th scope=\"row\">{}</th>", esc(c)));
                        } else {
                            s.push_str(&format!("<td>{}</td>", esc(c)));
                        }
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody></table></div>\n");
            }
            Block::List(items) => {
                s.push_str("<ul>\n");
                for i in items {
                    s.push_str(&format!("<li>{}</li>\n", esc(i)));
                }
                s.push_str("</ul>\n");
            }
        }
    }
    s.push_str("</main></body></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_in_both_forms() {
        let blocks = [
            Block::Heading(1, "A <b> & \"c\"".into()),
            Block::Table(vec!["x|y".into()], vec![vec!["<i>".into()]]),
        ];
        let md = markdown(&blocks);
        assert!(md.contains("| x\\|y |"), "{md}");
        let page = html(&blocks, "en");
        assert!(
            page.contains("<h1>A &lt;b&gt; &amp; &quot;c&quot;</h1>"),
            "{page}"
        );
        assert!(page.contains("<th scope=\"row\">&lt;i&gt;</th>"), "{page}");
        assert!(page.contains("<main>") && !page.contains("<script") && !page.contains("http"));
    }
}
