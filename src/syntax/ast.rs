//! The syntax tree: what a `.std` file says, word for word, with the byte
//! span of every part so the checker can point at it.
//!
//! Names are kept as written; resolving them (is `rigns` a unit? which
//! measure is `answered`?) is the checker's job.

use serde::Serialize;

/// A byte range in the source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A piece of text and where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The text, without quotes or backticks.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// One top-level statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    /// `timezone "…"`.
    Timezone(Word),
    /// `calendar NAME: …`.
    Calendar(CalendarDecl),
    /// `subject NAME = FILTER`.
    Subject(SubjectDecl),
    /// `measure PHRASE = …`.
    Measure(MeasureDecl),
    /// `standard "NAME": …`.
    Standard(Box<StandardDecl>),
}

/// `calendar NAME:` and its lines.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarDecl {
    /// Its name.
    pub name: Word,
    /// `timezone "…"` as the first line.
    pub timezone: Option<Word>,
    /// Opening hours.
    pub hours: Vec<HoursLine>,
    /// `closed` lines.
    pub closed: Vec<ClosedLine>,
}

/// `DAYS HH:MM-HH:MM`.
#[derive(Clone, Debug, PartialEq)]
pub struct HoursLine {
    /// The day words (`mon-fri`, `sat`).
    pub days: Vec<Word>,
    /// The opening clock time.
    pub start: Word,
    /// The closing clock time.
    pub end: Word,
    /// The whole line.
    pub span: Span,
}

/// `closed YYYY-MM-DD ["label"]`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosedLine {
    /// The date as written.
    pub date: Word,
    /// The label.
    pub label: Option<Word>,
}

/// `subject NAME = FILTER`.
#[derive(Clone, Debug, PartialEq)]
pub struct SubjectDecl {
    /// The name.
    pub name: Word,
    /// The definition.
    pub filter: Filter,
}

/// `measure PHRASE = DEFINITION`.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureDecl {
    /// The phrase, words joined by single spaces.
    pub phrase: Word,
    /// How it is read.
    pub definition: MeasureDef,
}

/// The right-hand side of a measure declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum MeasureDef {
    /// `END - START`.
    Between {
        /// The end timestamp field.
        end: Word,
        /// The start timestamp field.
        start: Word,
    },
    /// `FIELD UNIT`.
    Unit {
        /// The field.
        field: Word,
        /// The unit word.
        unit: Word,
    },
    /// `FIELD`.
    Field(Word),
}

/// `standard "NAME": BODY`.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardDecl {
    /// The name (without quotes).
    pub name: Word,
    /// The body.
    pub body: Body,
    /// The body's text, from its first word to its last.
    pub body_span: Span,
}

/// The two body forms.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// `SUBJECT MEASURE [CONDITION] TARGET …`.
    Compliance {
        /// The subject.
        subject: Word,
        /// The measure phrase.
        measure: Word,
        /// The condition.
        condition: Option<Condition>,
        /// The target, `None` when there is none.
        target: Option<Target>,
        /// Window, grouping, filter.
        tail: Tail,
    },
    /// `AGGREGATE MEASURE [for SUBJECT] COMPARISON …`.
    Aggregate {
        /// The statistic.
        aggregate: Aggregate,
        /// The measure phrase.
        measure: Word,
        /// `for SUBJECT`.
        subject: Option<Word>,
        /// The comparison, `None` when there is none.
        comparison: Option<Condition>,
        /// A vague word in place of the comparison.
        vague: Option<Word>,
        /// Window, grouping, filter.
        tail: Tail,
    },
}

/// The optional clauses shared by both body forms.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Tail {
    /// `per PERIOD [of FIELD]`.
    pub window: Option<Window>,
    /// `by FIELD, …`.
    pub grouping: Vec<Word>,
    /// `where FILTER`.
    pub filter: Option<Filter>,
    /// Where the tail begins (the end of the body when it is empty).
    pub start: usize,
}

/// An aggregate word.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    /// What it says.
    pub kind: AggregateKind,
    /// Where.
    pub span: Span,
}

/// The aggregate words of SPEC §5.
#[derive(Clone, Debug, PartialEq)]
pub enum AggregateKind {
    /// `average`.
    Average,
    /// `mean`.
    Mean,
    /// `median`.
    Median,
    /// `pNN` or `NNth percentile`: the NN as written.
    Percentile(Word),
    /// `minimum`.
    Minimum,
    /// `maximum`.
    Maximum,
    /// `total`.
    Total,
    /// `count`.
    Count,
    /// `nps of`.
    Nps,
}

/// The comparison words of SPEC §5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionOp {
    /// `within Q`: at most Q.
    Within,
    /// `at most Q`.
    AtMost,
    /// `under Q`, `in under Q`, `less than Q`: strictly below Q.
    Under,
    /// `at least Q`.
    AtLeast,
    /// `over Q`, `more than Q`: strictly above Q.
    Over,
    /// `between Q and Q`, both ends included.
    Between,
}

/// A condition or comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The operator.
    pub op: ConditionOp,
    /// The quantity (the lower one of `between`).
    pub quantity: Quantity,
    /// The upper quantity of `between`.
    pub upper: Option<Quantity>,
    /// The whole condition.
    pub span: Span,
}

/// `NUMBER [UNIT]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The number, digits or a spelled word.
    pub number: Word,
    /// The unit.
    pub unit: Option<UnitWords>,
    /// The whole quantity.
    pub span: Span,
}

/// A unit as written.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitWords {
    /// `business` came first.
    pub business: bool,
    /// The unit word.
    pub word: Word,
    /// `on CALENDAR`.
    pub calendar: Option<Word>,
    /// The whole unit.
    pub span: Span,
}

/// A target as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A share at least P.
    AtLeast(Word),
    /// A share at most P.
    AtMost(Word),
    /// `always` / `every time`.
    Always(Span),
    /// `never`.
    Never(Span),
    /// `quickly`, `whenever possible`, …: not measurable.
    Vague(Word),
}

/// `per PERIOD [of FIELD]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// The period word.
    pub period: Word,
    /// The timestamp field.
    pub field: Option<Word>,
}

/// A filter expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// `FIELD TEST`.
    Test {
        /// The field.
        field: Word,
        /// The test.
        test: Test,
    },
    /// `not …`.
    Not(Box<Filter>),
    /// `… and …`.
    And(Vec<Filter>),
    /// `… or …`.
    Or(Vec<Filter>),
}

/// A test of a field, values as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// `is V`.
    Is(Value),
    /// `is not V`.
    IsNot(Value),
    /// `OP V`.
    Compare(String, Value),
    /// `in [...]`.
    In(Vec<Value>),
    /// `not in [...]`.
    NotIn(Vec<Value>),
    /// `is missing`.
    Missing,
    /// `is present`.
    Present,
}

/// A literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string, unescaped.
    String(String),
    /// A number as written.
    Number(Word),
    /// `true` / `false`.
    Bool(bool),
}
