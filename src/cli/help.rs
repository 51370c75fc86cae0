//! Help texts (kept here so the commands' code stays about behaviour).

/// Every command, for suggestions.
pub const COMMANDS: &[&str] = &[
    "score", "check", "compile", "explain", "schema", "generate", "report", "review", "tune",
    "help",
];

/// `leadgate --help`.
pub const TOP: &str = "\
leadgate — lead qualification: the marketing/sales SLA as one JSON model

Usage: leadgate <command> [options]

Commands:
  score      score leads (NDJSON or CSV) in bulk, streaming, on all cores
  check      validate model files and print their problems
  compile    compile a model ahead of time for leadgate/lite (web pages)
  explain    show how one lead was scored, rule by rule
  schema     print the model's JSON Schema
  generate   write realistic sample leads (or, with --export, a CRM export)
  report     SLA KPIs and a backtest of the model over a CRM export
  review     the monthly SLA review (goals, funnel, SLA, revenue, to discuss)
  tune       learn the model's points and thresholds from won/lost history
  help CMD   show a command's options

Options:
  -h, --help      show this help
  -V, --version   show the version

Exit codes: 0 ok, 1 some leads or models had problems, 2 usage, model or I/O error.
Docs: docs/cli.md (this tool), docs/model.md (the model language).
";

/// `leadgate help score`.
pub const SCORE: &str = "\
Usage: leadgate score [options] [FILE...|-]

Scores every lead of the input files (stdin when none or `-`) and writes one
result per lead, in input order.

Options:
  -m, --model FILE     the model (default: the embedded default model)
      --now TIME       the scoring time, RFC 3339 (default: now)
      --format FMT     input format: ndjson or csv (default: sniffed from the content)
      --output FMT     output format: ndjson or csv (default: the input's format)
      --encoding NAME  force the text encoding (default: detected; docs/cli.md)
      --delimiter D    force the CSV delimiter: , ; tab | (default: sniffed)
      --sheet NAME     the workbook sheet to read (default: the first)
      --errors FILE    also write malformed lines to FILE as NDJSON
                       {\"file\",\"line\",\"code\",\"message\"}
  -j, --threads N      worker threads (default: all cores)
  -q, --quiet          no progress line
      --stats          print the summary line even when stderr is not a terminal

NDJSON in: one lead object per line. NDJSON out: one outcome JSON per line.
CSV in: a header row; empty cells are absent; numbers (not `1.000`: one or a
thousand?) and true/false are typed, except in columns the model declares in
`fields` (read as declared); an `events` column holds a JSON array of events. CSV out: the input columns
plus stage,score,grade,persona,team,respond_by, with the input's delimiter.
Inputs (files and stdin alike) are sniffed: CSV or NDJSON; UTF-8 (BOM or not),
UTF-16 or Windows-1252; `,` `;` tab or `|`; .xlsx/.xls/.ods workbooks (first
sheet). Other files (PDF, gzip, images…) are named and refused.
Malformed lines are reported on stderr as FILE:LINE: code: message and skipped.
Exit code: 0 all scored, 1 some lines failed, 2 usage, model or I/O error.
";

/// `leadgate help check`.
pub const CHECK: &str = "\
Usage: leadgate check [--json] FILE...

Compiles each model file and prints its problems, compiler style:
  FILE: PATH: message [code]
      hint: how to fix it
or `FILE: ok (id version hash)`.

Options:
      --json   one JSON object per file: {\"file\",\"ok\",\"errors\":[{code,path,message,hint}]}

Exit code: 0 all models ok, 1 some model has problems, 2 a file cannot be read.
";

/// `leadgate help compile`.
pub const COMPILE: &str = "\
Usage: leadgate compile [MODEL.json|-] [-o FILE|-]

Compiles a model (default: the embedded default model) to the bytes the small
browser build `leadgate/lite` loads without a compiler (`loadScorer(url)`);
`score -m` reads them too. Prints the model's problems if it has any.

Options:
  -o, --output FILE   where to write (default: MODEL with the extension .lgm;
                      `-` for stdout)

Exit code: 0 written, 2 the model has problems or a file cannot be read or written.
";

/// `leadgate help explain`.
pub const EXPLAIN: &str = "\
Usage: leadgate explain [options] LEAD.json|-

Scores one lead (a JSON object, any layout) and shows why: stage, score = fit +
engagement, grade, persona, every rule that fired with its points and the value
that fired it, what the next stage still needs, the route and the deadline.

Options:
  -m, --model FILE           the model (default: the embedded default model)
      --now TIME             the scoring time, RFC 3339 (default: now)
      --previous-stage S     the lead's stage before this scoring (never demoted)
      --json                 print the outcome JSON, pretty
";

/// `leadgate help schema`.
pub const SCHEMA: &str = "\
Usage: leadgate schema

Prints the JSON Schema of the model language (draft 2020-12), for editors.
";

/// `leadgate help generate`.
pub const GENERATE: &str = "\
Usage: leadgate generate [options]

Writes realistic sample leads for the default model (Brazil, Latin America and
global names, companies, emails, job titles, events). The same seed always
gives byte-identical output.

Options:
  -n, --count N      how many leads (default 1000)
      --seed S       the random seed, a whole number (default 1)
      --now TIME     events fall in the 90 days before it (default 2026-11-26T12:00:00Z)
      --format FMT   ndjson or csv (default ndjson)

With --export, writes a CRM export of past leads for `leadgate report`: leads
created over the months before --now, each with team, owner, utm_source,
lifecycle stage and mql_at, sql_at, first_contact_at, won_at/lost_at. Winning
depends on facts about the lead (title, company size, industry, e-mail, form,
events, source) and an unobserved part, never on a model, so a backtest is a
fair test (docs/default-model.md). Options then: --count (default 50000), --seed, --now,
--months N (default 6), --format csv|ndjson (default csv), and --style:
canonical or hubspot (header names and date formats), or rdstation, salesforce,
pipedrive: the export as that tool writes it (encoding, delimiter, quoting,
dates and time zone, stage values, Salesforce's footer; CSV only).
";

/// `leadgate help report`.
pub const REPORT: &str = "\
Usage: leadgate report [options] [EXPORT.csv|EXPORT.ndjson|-]

Reads a CRM export of past leads and prints the SLA's KPIs, each with its
owner (marketing, sales, shared): funnel counts and conversions overall, per
month, team, owner, source, persona and grade; time to first contact and SLA
adherence per hand-off stage and team; scores of won vs lost leads; and a
backtest: every lead re-scored by the model as of its created_at, compared
with what happened, with suggested MQL and SQL score thresholds.

Options:
  -m, --model FILE        the model (default: the embedded default model)
      --now TIME          the report's as-of time, RFC 3339 (default: now);
                          SLA deadlines after it are still open
      --format FMT        csv or ndjson (default: sniffed from the content; a
                          workbook .xlsx/.xls/.ods is read from its first sheet)
      --encoding NAME     force the text encoding (utf-8, utf-16le, utf-16be,
                          windows-1252, iso-8859-1…; default: detected)
      --delimiter D       force the CSV delimiter: , ; tab | (default: sniffed)
      --sheet NAME        the workbook sheet to read (default: the first)
      --map FIELD=COLUMN  read FIELD from COLUMN (repeatable), e.g.
                          --map created_at=\"Create Date\" --map job_title=Cargo;
                          --map 'stage:VALUE=mql' reads a stage value (lead,
                          mql, sql, won, lost, open)
      --mapping FILE      a JSON object {\"FIELD\": \"COLUMN\", ...}
      --timezone ZONE     zone of timestamps without one, and of months
                          (default UTC), e.g. -03:00
      --date-order ORDER  dmy or mdy: day/month order of every date column
                          (default: each column's first 1000 rows decide)
      --from TOOL         hubspot, rdstation, salesforce or pipedrive: the
                          tool's column names, stage values, date order and
                          zone (default: detected from the header, announced)
      --number-format F   pt-BR, en or auto: how the deal value (amount) is
                          written (default: the tool's, else each value's)
      --sql-capacity N    also suggest the SQL threshold that fits N SQLs a month
      --mql-recall SHARE  share of won deals the MQL threshold keeps (default 0.95)
      --json              print the report as JSON (schema: docs/report.md)
      --html FILE         also write a self-contained HTML page with charts
      --errors FILE       write every problem as NDJSON {line,column,code,message}
      --top N             rows per group table in the terminal (default 12)
  -j, --threads N         worker threads (default: all cores)
  -q, --quiet             no progress line

Fields: created_at (required), mql_at, sql_at, first_contact_at, won_at, lost_at,
outcome, lifecycle_stage, opportunity (yes = became an SQL), team, owner,
utm_source; each preset's column names are recognised (docs/report.md), and a
Salesforce report's footer rows are skipped and counted. Timestamps: ISO 8601 / RFC 3339,
dd/mm/yyyy or m/d/yyyy [hh:mm[:ss]] [AM/PM] (the order settled per column, a
warning when its values cannot tell), dd.mm.yyyy, epoch ms or s, and
spreadsheet serial days (a column of only serials).
Problems are reported as FILE:LINE: code [column]: message.
Exit code: 0 no problems, 1 some rows had problems (reported), 2 usage or I/O error.
";

/// `leadgate help review`.
pub const REVIEW: &str = "\
Usage: leadgate review [options] [EXPORT.csv|EXPORT.ndjson|-]

Writes the monthly SLA review that marketing and sales meet over, from the
same report as `leadgate report` (nothing recomputed): each goal of the model
in the month's period (target, actual, met / missed / in progress with its
projection, gap, owner, last periods), the month's funnel and conversions
with their owners against the month before, SLA adherence per hand-off stage
and team with late and never-contacted leads, won value and average ticket
(or \"not measured\"), and a list of what to discuss drawn from the figures.

Options:
      --month YYYY-MM     the month to review (default: the last complete
                          month at --now, in the report's time zone)
      --lang LANG         en or pt-BR (default en)
  -o, --output FILE       write the Markdown there (default: stdout)
      --html FILE         also write a self-contained HTML page
  -m, --model FILE        the model and its goals (default: the embedded one)
      --now TIME          the as-of time, RFC 3339 (default: now)
      --errors FILE       write every row problem as NDJSON
  and every export option of `leadgate report` (--format, --encoding,
  --delimiter, --sheet, --map, --mapping, --timezone, --date-order, --from,
  --number-format, -j/--threads, -q/--quiet).

Docs: docs/review.md.
Exit code: 0 no problems, 1 some rows had problems (reported, review written),
2 usage or I/O error.
";

/// `leadgate help tune`.
pub const TUNE: &str = "\
Usage: leadgate tune [options] EXPORT.csv|EXPORT.ndjson [-o TUNED.json]

Learns the points of the model's rules and its score thresholds from a CRM
export's won and lost leads, and writes the tuned model: the same document
with new points, cut-offs and version, every other part as written. Each lead
is re-scored as of its created_at (as `leadgate report` does); a share is held
out, and both models are measured on it. Rules are never added: columns with a
strong lift that no rule reads are listed as candidates.

Options:
  -m, --model FILE        the model's JSON (default: the embedded default model)
  -o, --output FILE       write the tuned model there (default: stdout, and the
                          summary goes to stderr)
      --holdout SHARE     share of leads held out for the check (default 0.2)
      --seed N            seed of the held-out split (default 1)
      --now TIME          the export's as-of time, RFC 3339 (default: now): open
                          leads settle from it, and it dates the new version
      --mql-recall SHARE  share of won deals the MQL threshold keeps (default 0.95)
      --settle DAYS       open leads created DAYS or more before --now count as
                          not won (default 90); never: learn from lost only
      --json              print the summary as JSON (docs/cli.md)
      --format FMT        csv or ndjson (default: sniffed, as for report)
      --encoding NAME     force the text encoding (utf-8, utf-16le, utf-16be,
                          windows-1252, iso-8859-1…; default: detected)
      --delimiter D       force the CSV delimiter: , ; tab | (default: sniffed)
      --sheet NAME        the workbook sheet to read (default: the first)
      --map FIELD=COLUMN  read FIELD from COLUMN (repeatable), as for report
      --mapping FILE      a JSON object {\"FIELD\": \"COLUMN\", ...}
      --timezone ZONE     zone of timestamps without one (default UTC)
      --date-order ORDER  dmy or mdy, as for report
      --from TOOL         hubspot, rdstation, salesforce or pipedrive, as for report
      --number-format F   pt-BR, en or auto, as for report
  -j, --threads N         worker threads (default: all cores)
  -q, --quiet             no progress line

Method: L2-penalised logistic regression of won against not won on the rules'
amounts (λ by 5-fold cross-validation), mapped to points keeping the score's
spread; SQL threshold at the best F1 against won, MQL at --mql-recall; other
cut-offs keep the share of leads above them (docs/cli.md). It refuses with
fewer than 10 won and 10 not-won training leads per fitted rule, plus 10 for
the intercept (at least 30).
The summary shows, on the held-out leads, AUC, precision and recall of SQL and
MQL, lift per decile and stage changes, before and after.
Exit code: 0 tuned, 1 tuned but some rows had problems (reported),
2 usage, I/O error or refusal (with its code).
";

/// The help of one command.
pub fn for_command(name: &str) -> Option<&'static str> {
    match name {
        "score" => Some(SCORE),
        "check" => Some(CHECK),
        "compile" => Some(COMPILE),
        "explain" => Some(EXPLAIN),
        "schema" => Some(SCHEMA),
        "generate" => Some(GENERATE),
        "report" => Some(REPORT),
        "review" => Some(REVIEW),
        "tune" => Some(TUNE),
        "help" => Some(TOP),
        _ => None,
    }
}
