//! Filters compiled over slots (SPEC §6).
//!
//! Literals are converted once; a record's cell is compared with a literal
//! of its own type. As in SQL, every test but `is missing`/`is present` is
//! false on a missing or null field. A present value of another type than
//! the literal is never equal to it (so `is not` holds) and never ordered
//! against it (so `<`, `>=` … do not). CSV cells take the literal's type:
//! `csat >= 4` reads the cell `"4.5"` as a number.

use std::cmp::Ordering;

use crate::record::number::Written;
use crate::record::{parse_bool, Cell, NumberText, RecordBuf};
use crate::standard::{Filter, Test, Value};

use super::FieldTable;

/// A filter whose fields are slots.
#[derive(Clone, Debug)]
pub enum CompiledFilter {
    /// `FIELD is "text"`, the commonest test (subjects such as `calls`),
    /// kept apart so that it costs a length check and a short comparison.
    TextIs {
        /// The field's slot.
        slot: usize,
        /// The text, as bytes.
        text: Box<[u8]>,
        /// True for `is not`: present and different.
        negated: bool,
    },
    /// One test of one slot.
    Test {
        /// The field's slot.
        slot: usize,
        /// The test.
        test: FieldTest,
    },
    /// `not …`.
    Not(Box<CompiledFilter>),
    /// All hold.
    And(Vec<CompiledFilter>),
    /// One holds.
    Or(Vec<CompiledFilter>),
}

/// A compiled test of one field.
#[derive(Clone, Debug)]
pub enum FieldTest {
    /// `is V`, `= V`.
    Eq(Literal),
    /// `is not V`, `!= V`.
    Ne(Literal),
    /// `<`, `<=`, `>`, `>=`: holds when the comparison's result is one of
    /// these orderings.
    Compare(Literal, [Option<Ordering>; 2]),
    /// `in [...]`.
    In(Vec<Literal>),
    /// `not in [...]`.
    NotIn(Vec<Literal>),
    /// `is missing`.
    Missing,
    /// `is present`.
    Present,
}

/// A literal value, converted for fast comparison.
#[derive(Clone, Debug)]
pub enum Literal {
    /// Text, compared by bytes.
    Str(String),
    /// A number, compared exactly with the digits of a record's number;
    /// also as text, for numbers that are not whole.
    Num(crate::Decimal, Box<str>),
    /// A boolean.
    Bool(bool),
}

impl CompiledFilter {
    /// Compiles a filter, adding its fields to the table.
    pub(crate) fn compile(filter: &Filter, fields: &mut FieldTable) -> CompiledFilter {
        match filter {
            Filter::Test { field, test: Test::Eq(Value::String(text)) } => {
                CompiledFilter::TextIs { slot: fields.add(field, None), text: text.as_bytes().into(), negated: false }
            }
            Filter::Test { field, test: Test::Ne(Value::String(text)) } => {
                CompiledFilter::TextIs { slot: fields.add(field, None), text: text.as_bytes().into(), negated: true }
            }
            Filter::Test { field, test } => {
                CompiledFilter::Test { slot: fields.add(field, None), test: FieldTest::compile(test) }
            }
            Filter::Not(inner) => CompiledFilter::Not(Box::new(CompiledFilter::compile(inner, fields))),
            Filter::And(items) => {
                CompiledFilter::And(items.iter().map(|f| CompiledFilter::compile(f, fields)).collect())
            }
            Filter::Or(items) => CompiledFilter::Or(items.iter().map(|f| CompiledFilter::compile(f, fields)).collect()),
        }
    }

    /// Does the record pass?
    pub fn matches(&self, record: &RecordBuf) -> bool {
        match self {
            CompiledFilter::Not(inner) => !inner.matches(record),
            // Children are usually single tests: those are tested in place
            // rather than by a recursive call.
            CompiledFilter::And(items) => items.iter().all(|f| f.leaf(record).unwrap_or_else(|| f.matches(record))),
            CompiledFilter::Or(items) => items.iter().any(|f| f.leaf(record).unwrap_or_else(|| f.matches(record))),
            leaf => leaf.leaf(record).unwrap_or(false),
        }
    }

    /// The answer of a single test; `None` for `not`, `and`, `or`.
    #[inline]
    fn leaf(&self, record: &RecordBuf) -> Option<bool> {
        match self {
            CompiledFilter::TextIs { slot, text, negated } => Some(match record.cell(*slot) {
                Cell::Str(at) | Cell::Text(at) => record.text_is(at, text) != *negated,
                Cell::Absent | Cell::Null => false,
                _ => *negated,
            }),
            CompiledFilter::Test { slot, test } => Some(test.holds(record, record.cell(*slot))),
            _ => None,
        }
    }
}

impl FieldTest {
    fn compile(test: &Test) -> FieldTest {
        use Ordering::*;
        let lit = Literal::from;
        match test {
            Test::Eq(v) => FieldTest::Eq(lit(v)),
            Test::Ne(v) => FieldTest::Ne(lit(v)),
            Test::Lt(v) => FieldTest::Compare(lit(v), [Some(Less), Some(Less)]),
            Test::Le(v) => FieldTest::Compare(lit(v), [Some(Less), Some(Equal)]),
            Test::Gt(v) => FieldTest::Compare(lit(v), [Some(Greater), Some(Greater)]),
            Test::Ge(v) => FieldTest::Compare(lit(v), [Some(Greater), Some(Equal)]),
            Test::In(vs) => FieldTest::In(vs.iter().map(lit).collect()),
            Test::NotIn(vs) => FieldTest::NotIn(vs.iter().map(lit).collect()),
            Test::Missing => FieldTest::Missing,
            Test::Present => FieldTest::Present,
        }
    }

    fn holds(&self, record: &RecordBuf, cell: Cell) -> bool {
        let present = !matches!(cell, Cell::Absent | Cell::Null);
        let equal = |lit: &Literal| equals(record, cell, lit);
        match self {
            FieldTest::Eq(lit) => equal(lit),
            FieldTest::Ne(lit) => present && !equal(lit),
            FieldTest::Compare(lit, accepted) => {
                let ordering = compare(record, cell, lit);
                ordering.is_some() && accepted.contains(&ordering)
            }
            FieldTest::In(lits) => lits.iter().any(equal),
            FieldTest::NotIn(lits) => present && !lits.iter().any(equal),
            FieldTest::Missing => !present,
            FieldTest::Present => present,
        }
    }
}

/// Is the cell equal to the literal? Text is compared for equality
/// directly (lengths first), the common case in subjects and filters.
fn equals(record: &RecordBuf, cell: Cell, lit: &Literal) -> bool {
    match (lit, cell) {
        (Literal::Str(s), Cell::Str(at) | Cell::Text(at)) => record.text_is(at, s.as_bytes()),
        _ => compare(record, cell, lit) == Some(Ordering::Equal),
    }
}

/// Orders a cell against a literal of the same type; `None` when it is
/// missing or of another type.
fn compare(record: &RecordBuf, cell: Cell, lit: &Literal) -> Option<Ordering> {
    match (lit, cell) {
        (Literal::Str(s), Cell::Str(_) | Cell::Text(_)) => record.str_of(cell).map(|c| c.as_bytes().cmp(s.as_bytes())),
        (Literal::Num(x, _), Cell::Int(i)) => {
            // A literal has at most 15 digits, so this fits an i128.
            let scaled = i128::from(i) * 10i128.pow(x.scale());
            Some(scaled.cmp(&i128::from(x.mantissa())))
        }
        (Literal::Num(_, literal), Cell::Num(_) | Cell::Float(_) | Cell::Text(_)) => {
            let mut scratch = ryu::Buffer::new();
            let NumberText::Text(text) = record.number_text(cell, &mut scratch)? else { return None };
            Some(Written::parse(text)?.cmp(&Written::parse(literal)?))
        }
        (Literal::Bool(b), Cell::Bool(c)) => Some(c.cmp(b)),
        (Literal::Bool(b), Cell::Text(at)) => Some(parse_bool(record.text(at))?.cmp(b)),
        _ => None,
    }
}

impl From<&Value> for Literal {
    fn from(value: &Value) -> Literal {
        match value {
            Value::String(s) => Literal::Str(s.clone()),
            Value::Number(n) => Literal::Num(*n, n.to_string().into()),
            Value::Bool(b) => Literal::Bool(*b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Standards;

    fn passes(filter: &str, fill: impl Fn(&mut RecordBuf, &FieldTable)) -> bool {
        let standards: Standards =
            format!("standard \"s\": calls greeted by name always where {filter}").parse().unwrap();
        let mut fields = FieldTable::default();
        let compiled = CompiledFilter::compile(standards.standards[0].filter.as_ref().unwrap(), &mut fields);
        fields.seal();
        let mut record = RecordBuf::new(fields.len());
        fill(&mut record, &fields);
        compiled.matches(&record)
    }

    #[test]
    fn missing_fields_fail_every_comparison() {
        assert!(!passes(r#"team is not "training""#, |_, _| {}));
        assert!(passes(r#"not team is "training""#, |_, _| {}));
        assert!(passes("team is missing", |_, _| {}));
        assert!(!passes("team != 3", |r, f| r.set(f.slot("team").unwrap(), Cell::Null)));
    }

    #[test]
    fn values_compare_by_type() {
        let team =
            |text: &'static str| move |r: &mut RecordBuf, f: &FieldTable| r.set_str(f.slot("team").unwrap(), text);
        assert!(passes(r#"team is "north""#, team("north")));
        assert!(passes(r#"team in ["south", "north"]"#, team("north")));
        assert!(passes(r#"team is not 3"#, team("north")));
        assert!(!passes(r#"team < 3"#, team("north")));
        assert!(passes(r#"team < "p""#, team("north")));
        let csat = |cell: Cell| move |r: &mut RecordBuf, f: &FieldTable| r.set(f.slot("csat").unwrap(), cell);
        assert!(passes("csat >= 4", csat(Cell::Float(4.5))));
        assert!(!passes("csat > 4", csat(Cell::Int(4))));
        let text = |t: &'static str| move |r: &mut RecordBuf, f: &FieldTable| r.set_text(f.slot("csat").unwrap(), t);
        assert!(passes("csat >= 4", text("4.5")));
        assert!(!passes("csat >= 4", text("n/a")));
        // Exactly, past what a float can tell apart.
        let num = |t: &'static str| move |r: &mut RecordBuf, f: &FieldTable| r.set_num(f.slot("csat").unwrap(), t);
        assert!(passes("csat > 4.5", num("4.5000000000000000000001")));
        assert!(!passes("csat = 4.5", num("4.5000000000000000000001")));
        assert!(passes("csat = 4.5", num("4.50")));
        assert!(passes("csat < 4.5", text("4.4999999999999999999")));
        assert!(passes("csat >= 4.5", csat(Cell::Int(5))));
        assert!(!passes("csat >= 4.5", csat(Cell::Int(4))));
        assert!(passes("csat = 0.3", csat(Cell::Float(0.3))));
        // Numbers and other types are never ordered (SPEC §6).
        assert!(!passes("csat < 5", team_csat_text()));
        assert!(!passes("csat >= 5", |r, f| r.set(f.slot("csat").unwrap(), Cell::Bool(true))));
        assert!(passes("vip is true", |r, f| r.set_text(f.slot("vip").unwrap(), "TRUE")));
    }

    fn team_csat_text() -> impl Fn(&mut RecordBuf, &FieldTable) {
        |r, f| r.set_str(f.slot("csat").unwrap(), "4")
    }

    #[test]
    fn precedence_is_not_and_or() {
        let fill = |r: &mut RecordBuf, f: &FieldTable| {
            r.set_str(f.slot("a").unwrap(), "x");
        };
        assert!(passes(r#"a is "x" or b is "y" and c is "z""#, fill));
        assert!(!passes(r#"(a is "x" or b is "y") and c is "z""#, fill));
    }
}
