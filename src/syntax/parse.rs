//! One statement's text → its syntax tree, with the pest grammar.

use pest::iterators::Pair;
use pest::Parser;

use super::ast::ConditionOp;
use super::ast::*;
use super::error::Error;

/// The parser generated from `grammar/standards.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/standards.pest"]
pub(crate) struct StandardsParser;

/// Parses the statement at `span` of `source`.
pub fn statement(source: &str, span: Span) -> Result<Statement, Error> {
    let text = &source[span.start..span.end];
    let mut pairs =
        StandardsParser::parse(Rule::statement, text).map_err(|error| super::expected::convert(error, source, span))?;
    let pair = pairs.next().expect("the grammar's `statement` holds one declaration");
    Ok(Builder { offset: span.start }.statement(pair))
}

/// Turns pest pairs into syntax-tree nodes, shifting spans by `offset` (the
/// statement's place in the file).
struct Builder {
    offset: usize,
}

type P<'i> = Pair<'i, Rule>;

impl Builder {
    fn span(&self, pair: &P) -> Span {
        let s = pair.as_span();
        Span::new(self.offset + s.start(), self.offset + s.end())
    }

    fn word(&self, pair: &P) -> Word {
        Word { text: pair.as_str().to_string(), span: self.span(pair) }
    }

    /// The words of a phrase, joined by single spaces.
    fn phrase(&self, pair: P) -> Word {
        let span = self.span(&pair);
        let words: Vec<&str> = pair.into_inner().map(|w| w.as_str()).collect();
        Word { text: words.join(" "), span }
    }

    fn string(&self, pair: P) -> Word {
        let span = self.span(&pair);
        let inner = pair.into_inner().next().map_or("", |p| p.as_str());
        Word { text: unescape(inner), span }
    }

    fn field(&self, pair: P) -> Word {
        let span = self.span(&pair);
        let inner = pair.into_inner().next();
        let text = match inner {
            Some(p) => p.as_str().to_string(),
            None => String::new(),
        };
        Word { text, span }
    }

    fn statement(&self, pair: P) -> Statement {
        match pair.as_rule() {
            Rule::timezone_decl => Statement::Timezone(self.string(last(pair))),
            Rule::calendar_decl => Statement::Calendar(self.calendar(pair)),
            Rule::subject_decl => {
                let mut inner = pair.into_inner().skip(1);
                let name = self.word(&inner.next().unwrap());
                let filter = self.filter(inner.find(|p| p.as_rule() == Rule::filter).unwrap());
                Statement::Subject(SubjectDecl { name, filter })
            }
            Rule::measure_decl => {
                let mut inner = pair.into_inner().skip(1);
                let phrase = self.phrase(inner.next().unwrap());
                let definition = self.measure_def(inner.find(|p| p.as_rule() != Rule::equals).unwrap());
                Statement::Measure(MeasureDecl { phrase, definition })
            }
            Rule::standard_decl => Statement::Standard(Box::new(self.standard(pair))),
            rule => unreachable!("not a statement: {rule:?}"),
        }
    }

    fn calendar(&self, pair: P) -> CalendarDecl {
        let mut inner = pair.into_inner().skip(1);
        let name = self.word(&inner.next().unwrap());
        let mut calendar = CalendarDecl { name, timezone: None, hours: Vec::new(), closed: Vec::new() };
        for line in inner {
            match line.as_rule() {
                Rule::calendar_timezone => calendar.timezone = Some(self.string(last(line))),
                Rule::closed_line => {
                    let mut parts = line.into_inner().skip(1);
                    let date = self.word(&parts.next().unwrap());
                    let label = parts.next().map(|p| self.string(p));
                    calendar.closed.push(ClosedLine { date, label });
                }
                Rule::hours_line => {
                    let span = self.span(&line);
                    let mut parts = line.into_inner();
                    let days = parts
                        .next()
                        .unwrap()
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::day_item)
                        .map(|p| self.word(&p))
                        .collect();
                    let mut clocks = parts.next().unwrap().into_inner();
                    let start = self.word(&clocks.next().unwrap());
                    let end = self.word(&clocks.next().unwrap());
                    calendar.hours.push(HoursLine { days, start, end, span });
                }
                _ => {}
            }
        }
        calendar
    }

    fn measure_def(&self, pair: P) -> MeasureDef {
        let rule = pair.as_rule();
        let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::minus);
        match rule {
            Rule::measure_duration => {
                let end = self.field(inner.next().unwrap());
                let start = self.field(inner.next().unwrap());
                MeasureDef::Between { end, start }
            }
            Rule::measure_unit => {
                let field = self.field(inner.next().unwrap());
                let unit = self.word(&inner.next().unwrap());
                MeasureDef::Unit { field, unit }
            }
            _ => MeasureDef::Field(self.field(inner.next().unwrap())),
        }
    }

    fn standard(&self, pair: P) -> StandardDecl {
        let mut inner = pair.into_inner().skip(1);
        let name = self.string(inner.next().unwrap());
        let body = inner.find(|p| p.as_rule() != Rule::colon).unwrap();
        let body_span = self.span(&body);
        let body = match body.as_rule() {
            Rule::compliance_body => self.compliance(body),
            _ => self.aggregate(body),
        };
        StandardDecl { name, body, body_span }
    }

    fn compliance(&self, pair: P) -> Body {
        let end = self.span(&pair).end;
        let mut inner = pair.into_inner().peekable();
        let subject = self.subject_ref(inner.next().unwrap());
        let measure = self.phrase(inner.next().unwrap());
        let mut condition = None;
        let mut target = None;
        let mut rest = Vec::new();
        for part in inner {
            match part.as_rule() {
                Rule::condition => condition = Some(self.condition(part)),
                Rule::share_target | Rule::cases_target | Rule::at_least_target => {
                    target = Some(Target::AtLeast(self.percent(part)))
                }
                Rule::at_most_target => target = Some(Target::AtMost(self.percent(part))),
                Rule::always_target => target = Some(Target::Always(self.span(&part))),
                Rule::never_target => target = Some(Target::Never(self.span(&part))),
                Rule::vague_target => target = Some(Target::Vague(self.vague(part))),
                _ => rest.push(part),
            }
        }
        Body::Compliance { subject, measure, condition, target, tail: self.tail(rest, end) }
    }

    fn aggregate(&self, pair: P) -> Body {
        let end = self.span(&pair).end;
        let mut inner = pair.into_inner();
        let aggregate = self.aggregate_word(inner.next().unwrap());
        let measure = self.phrase(inner.next().unwrap());
        let mut subject = None;
        let mut comparison = None;
        let mut vague = None;
        let mut rest = Vec::new();
        for part in inner {
            match part.as_rule() {
                Rule::kw_for => {}
                Rule::subject_ref => subject = Some(self.subject_ref(part)),
                Rule::condition => comparison = Some(self.condition(part)),
                Rule::vague_target => vague = Some(self.vague(part)),
                _ => rest.push(part),
            }
        }
        Body::Aggregate { aggregate, measure, subject, comparison, vague, tail: self.tail(rest, end) }
    }

    fn subject_ref(&self, pair: P) -> Word {
        self.word(&last(pair))
    }

    fn aggregate_word(&self, pair: P) -> Aggregate {
        let span = self.span(&pair);
        let word = pair.into_inner().next().unwrap();
        let kind = match word.as_rule() {
            Rule::nps_of => AggregateKind::Nps,
            Rule::percentile_word => {
                let w = self.word(&word);
                AggregateKind::Percentile(Word { text: w.text[1..].to_string(), span: w.span })
            }
            Rule::ordinal_percentile => {
                let ordinal = word.into_inner().next().unwrap();
                let w = self.word(&ordinal);
                AggregateKind::Percentile(Word { text: w.text[..w.text.len() - 2].to_string(), span: w.span })
            }
            Rule::kw_average => AggregateKind::Average,
            Rule::kw_mean => AggregateKind::Mean,
            Rule::kw_median => AggregateKind::Median,
            Rule::kw_minimum => AggregateKind::Minimum,
            Rule::kw_maximum => AggregateKind::Maximum,
            Rule::kw_total => AggregateKind::Total,
            _ => AggregateKind::Count,
        };
        Aggregate { kind, span }
    }

    fn percent(&self, pair: P) -> Word {
        let percent = pair.into_inner().find(|p| p.as_rule() == Rule::percent).unwrap();
        let number = percent.into_inner().next().unwrap();
        self.word(&number)
    }

    fn vague(&self, pair: P) -> Word {
        let span = self.span(&pair);
        let words: Vec<&str> = pair.into_inner().map(|w| w.as_str()).collect();
        Word { text: words.join(" ").to_lowercase(), span }
    }

    fn condition(&self, pair: P) -> Condition {
        let span = self.span(&pair);
        let specific = pair.into_inner().next().unwrap();
        let op = match specific.as_rule() {
            Rule::cond_within => ConditionOp::Within,
            Rule::cond_under => ConditionOp::Under,
            Rule::cond_at_most => ConditionOp::AtMost,
            Rule::cond_at_least => ConditionOp::AtLeast,
            Rule::cond_over => ConditionOp::Over,
            _ => ConditionOp::Between,
        };
        let mut quantities = specific.into_inner().filter(|p| p.as_rule() == Rule::quantity).map(|q| self.quantity(q));
        let quantity = quantities.next().unwrap();
        let upper = quantities.next();
        Condition { op, quantity, upper, span }
    }

    fn quantity(&self, pair: P) -> Quantity {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let number = self.word(&inner.next().unwrap());
        let unit = inner.next().map(|unit| {
            let unit_span = self.span(&unit);
            match unit.as_rule() {
                Rule::business_unit => {
                    let mut parts =
                        unit.into_inner().filter(|p| !matches!(p.as_rule(), Rule::kw_business | Rule::kw_on));
                    let word = self.word(&parts.next().unwrap());
                    let calendar = parts.next().map(|c| self.word(&c));
                    UnitWords { business: true, word, calendar, span: unit_span }
                }
                _ => UnitWords { business: false, word: self.word(&unit), calendar: None, span: unit_span },
            }
        });
        Quantity { number, unit, span }
    }

    fn tail(&self, parts: Vec<P>, end: usize) -> Tail {
        let mut tail = Tail { start: end, ..Tail::default() };
        for part in parts {
            tail.start = tail.start.min(self.span(&part).start);
            match part.as_rule() {
                Rule::window => {
                    let mut inner = part.into_inner().filter(|p| !matches!(p.as_rule(), Rule::kw_per | Rule::kw_of));
                    let period = self.word(&inner.next().unwrap());
                    let field = inner.next().map(|f| self.field(f));
                    tail.window = Some(Window { period, field });
                }
                Rule::grouping => {
                    tail.grouping =
                        part.into_inner().filter(|p| p.as_rule() == Rule::field).map(|f| self.field(f)).collect();
                }
                Rule::filter_clause => tail.filter = Some(self.filter(last(part))),
                _ => {}
            }
        }
        tail
    }

    /// `filter`, `and_expr` and `not_expr` pairs → a filter, with single-item
    /// `and`/`or` lists collapsed.
    fn filter(&self, pair: P) -> Filter {
        match pair.as_rule() {
            Rule::filter | Rule::and_expr => {
                let is_or = pair.as_rule() == Rule::filter;
                let mut items: Vec<Filter> = pair
                    .into_inner()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_or | Rule::kw_and))
                    .map(|p| self.filter(p))
                    .collect();
                match (items.len(), is_or) {
                    (1, _) => items.pop().unwrap(),
                    (_, true) => Filter::Or(items),
                    (_, false) => Filter::And(items),
                }
            }
            Rule::not_expr => {
                let parts: Vec<P> =
                    pair.into_inner().filter(|p| !matches!(p.as_rule(), Rule::lparen | Rule::rparen)).collect();
                let negations = parts.iter().filter(|p| p.as_rule() == Rule::negation).count();
                let primary = parts.into_iter().find(|p| p.as_rule() != Rule::negation).unwrap();
                let mut filter = self.filter(primary);
                for _ in 0..negations {
                    filter = Filter::Not(Box::new(filter));
                }
                filter
            }
            Rule::comparison => self.comparison(pair),
            rule => unreachable!("not a filter: {rule:?}"),
        }
    }

    fn comparison(&self, pair: P) -> Filter {
        let mut inner = pair.into_inner();
        let field = self.field(inner.next().unwrap());
        let test = inner.next().unwrap();
        let rule = test.as_rule();
        let mut parts =
            test.into_inner().filter(|p| matches!(p.as_rule(), Rule::value | Rule::list | Rule::compare_op));
        let test = match rule {
            Rule::is_missing => Test::Missing,
            Rule::is_present => Test::Present,
            Rule::is_not => Test::IsNot(self.value(parts.next().unwrap())),
            Rule::is_value => Test::Is(self.value(parts.next().unwrap())),
            Rule::not_in => Test::NotIn(self.list(parts.next().unwrap())),
            Rule::in_list => Test::In(self.list(parts.next().unwrap())),
            _ => {
                let op = parts.next().unwrap().as_str().to_string();
                Test::Compare(op, self.value(parts.next().unwrap()))
            }
        };
        Filter::Test { field, test }
    }

    fn list(&self, pair: P) -> Vec<Value> {
        pair.into_inner().filter(|p| p.as_rule() == Rule::value).map(|v| self.value(v)).collect()
    }

    fn value(&self, pair: P) -> Value {
        let inner = pair.into_inner().next().unwrap();
        match inner.as_rule() {
            Rule::string => Value::String(self.string(inner).text),
            Rule::decimal => Value::Number(self.word(&inner)),
            Rule::kw_true => Value::Bool(true),
            _ => Value::Bool(false),
        }
    }
}

fn last(pair: P) -> P {
    pair.into_inner().last().unwrap()
}

/// Resolves `\"` and `\\` (the only escapes the grammar lets through).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}
