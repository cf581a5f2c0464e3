using System.Globalization;
using Pipeline.Aws.Local.Protocol;

namespace Pipeline.Aws.Local.CloudWatch;

/// <summary>
/// The part of CloudWatch metric math the local CloudWatch evaluates: numbers, query ids, <c>+ - * /</c>, parentheses
/// and <c>FILL(x, value)</c> — enough for an error rate such as <c>100 * errors / invocations</c>. Series combine where
/// both have a data point; a division by zero leaves the point out.
/// </summary>
internal abstract record MetricExpression
{
    public static MetricExpression Parse(string text)
    {
        var parser = new Parser(text);
        var expression = parser.Expression();
        parser.End();
        return expression;
    }

    public abstract IEnumerable<string> References();

    /// <summary>The series of this expression; <paramref name="grid"/> holds every period start of the range (for constants and FILL).</summary>
    public SortedDictionary<long, double> Evaluate(Func<string, SortedDictionary<long, double>> series, IReadOnlyList<long> grid) =>
        Value(series, grid) switch
        {
            Constant c => new SortedDictionary<long, double>(grid.ToDictionary(t => t, _ => c.Number)),
            SeriesValue s => s.Points,
            _ => throw new InvalidOperationException("unreachable"),
        };

    protected abstract Result Value(Func<string, SortedDictionary<long, double>> series, IReadOnlyList<long> grid);

    protected abstract record Result;

    protected sealed record Constant(double Number) : Result;

    protected sealed record SeriesValue(SortedDictionary<long, double> Points) : Result;

    private sealed record NumberNode(double Number) : MetricExpression
    {
        public override IEnumerable<string> References() => [];

        protected override Result Value(Func<string, SortedDictionary<long, double>> series, IReadOnlyList<long> grid) => new Constant(Number);
    }

    private sealed record Reference(string Id) : MetricExpression
    {
        public override IEnumerable<string> References() => [Id];

        protected override Result Value(Func<string, SortedDictionary<long, double>> series, IReadOnlyList<long> grid) => new SeriesValue(series(Id));
    }

    private sealed record Fill(MetricExpression Inner, double With) : MetricExpression
    {
        public override IEnumerable<string> References() => Inner.References();

        protected override Result Value(Func<string, SortedDictionary<long, double>> series, IReadOnlyList<long> grid)
        {
            var points = Inner.Evaluate(series, grid);
            return new SeriesValue(new SortedDictionary<long, double>(grid.ToDictionary(t => t, t => points.TryGetValue(t, out var v) ? v : With)));
        }
    }

    private sealed record Binary(char Operator, MetricExpression Left, MetricExpression Right) : MetricExpression
    {
        public override IEnumerable<string> References() => Left.References().Concat(Right.References());

        protected override Result Value(Func<string, SortedDictionary<long, double>> series, IReadOnlyList<long> grid)
        {
            var left = Left.Value(series, grid);
            var right = Right.Value(series, grid);
            if (left is Constant l && right is Constant r)
            {
                return Apply(l.Number, r.Number) is { } number ? new Constant(number) : new SeriesValue([]);
            }

            var times = (left, right) switch
            {
                (SeriesValue a, SeriesValue b) => a.Points.Keys.Where(b.Points.ContainsKey),
                (SeriesValue a, _) => a.Points.Keys,
                (_, SeriesValue b) => b.Points.Keys,
                _ => [],
            };
            var result = new SortedDictionary<long, double>();
            foreach (var t in times.ToList())
            {
                if (Apply(At(left, t), At(right, t)) is { } value)
                {
                    result[t] = value;
                }
            }

            return new SeriesValue(result);
        }

        private static double At(Result value, long t) => value is Constant c ? c.Number : ((SeriesValue)value).Points[t];

        private double? Apply(double a, double b) => Operator switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            _ => b == 0 ? null : a / b,
        };
    }

    private sealed class Parser(string text)
    {
        private int position;

        public MetricExpression Expression()
        {
            var left = Term();
            while (Peek() is '+' or '-')
            {
                var op = text[position++];
                left = new Binary(op, left, Term());
            }

            return left;
        }

        public void End()
        {
            if (Peek() is not null)
            {
                throw Error($"unexpected '{text[position]}' at position {position + 1}");
            }
        }

        private MetricExpression Term()
        {
            var left = Unary();
            while (Peek() is '*' or '/')
            {
                var op = text[position++];
                left = new Binary(op, left, Unary());
            }

            return left;
        }

        private MetricExpression Unary()
        {
            if (Peek() == '-')
            {
                position++;
                return new Binary('*', new NumberNode(-1), Unary());
            }

            return Primary();
        }

        private MetricExpression Primary()
        {
            var c = Peek() ?? throw Error("the expression ends too early");
            if (c == '(')
            {
                position++;
                var inner = Expression();
                Expect(')');
                return inner;
            }

            if (char.IsAsciiDigit(c) || c == '.')
            {
                var start = position;
                while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
                {
                    position++;
                }

                return new NumberNode(double.Parse(text[start..position], CultureInfo.InvariantCulture));
            }

            if (!char.IsAsciiLetter(c))
            {
                throw Error($"unexpected '{c}' at position {position + 1}");
            }

            var begin = position;
            while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            var name = text[begin..position];
            if (Peek() != '(')
            {
                return new Reference(name);
            }

            if (name != "FILL")
            {
                throw Error($"the function {name} is not supported by the local CloudWatch (only FILL)");
            }

            position++;
            var series = Expression();
            Expect(',');
            var value = Expression() as NumberNode ?? throw Error("FILL takes a number as its second argument");
            Expect(')');
            return new Fill(series, value.Number);
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}' at position {position + 1}");
            }

            position++;
        }

        private char? Peek()
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            return position < text.Length ? text[position] : null;
        }

        private CloudWatchException Error(string what) => CloudWatchException.InvalidParameter($"Error in expression '{text}': {what}.");
    }
}
