using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// The part of GitHub's expression language generated workflows use: context paths (<c>needs.image.outputs.image</c>,
/// <c>steps.build.outputs.url</c>, <c>vars.X</c>, <c>secrets.X</c>, <c>inputs.X</c>, <c>github.ref</c>), string
/// literals, <c>==</c>, <c>!=</c>, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and the status functions. Anything else
/// throws, so a workflow the runner cannot evaluate fails the test instead of running wrongly.
/// </summary>
public sealed partial class ExpressionEvaluator(Func<string, string?> context, bool succeeded)
{
    /// <summary>Replaces every <c>${{ … }}</c> in <paramref name="text"/> with its value.</summary>
    public string Substitute(string text) =>
        Embedded().Replace(text, m => Evaluate(m.Groups[1].Value));

    /// <summary>An <c>if:</c> condition: with no status function, <c>success() &amp;&amp;</c> is implied, as on GitHub.</summary>
    public bool Condition(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return succeeded;
        }

        var body = Embedded().Match(condition.Trim()) is { Success: true } m && m.Length == condition.Trim().Length ? m.Groups[1].Value : condition;
        var value = Truthy(Evaluate(body));
        return StatusFunction().IsMatch(body) ? value : succeeded && value;
    }

    public string Evaluate(string expression)
    {
        var parser = new Parser(expression, this);
        var value = parser.Or();
        parser.End();
        return value;
    }

    private static bool Truthy(string value) => value.Length > 0 && value != "false" && value != "0";

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Embedded();

    [GeneratedRegex(@"\b(always|success|failure|cancelled)\(\)", RegexOptions.CultureInvariant)]
    private static partial Regex StatusFunction();

    private sealed class Parser(string text, ExpressionEvaluator owner)
    {
        private int _position;

        public string Or()
        {
            var left = And();
            while (Take("||"))
            {
                var right = And();
                left = Truthy(left) ? left : right;
            }

            return left;
        }

        public void End()
        {
            SkipSpace();
            if (_position < text.Length)
            {
                throw new NotSupportedException($"expression '{text}': cannot evaluate from '{text[_position..]}'");
            }
        }

        private string And()
        {
            var left = Comparison();
            while (Take("&&"))
            {
                var right = Comparison();
                left = Truthy(left) ? right : left;
            }

            return left;
        }

        private string Comparison()
        {
            var left = Unary();
            if (Take("=="))
            {
                return string.Equals(left, Unary(), StringComparison.OrdinalIgnoreCase) ? "true" : "false";
            }

            if (Take("!="))
            {
                return string.Equals(left, Unary(), StringComparison.OrdinalIgnoreCase) ? "false" : "true";
            }

            return left;
        }

        private string Unary() => Take("!") ? (Truthy(Unary()) ? "false" : "true") : Primary();

        private string Primary()
        {
            SkipSpace();
            if (Take("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            if (_position < text.Length && text[_position] == '\'')
            {
                var literal = new StringBuilder();
                _position++;
                while (_position < text.Length)
                {
                    if (text[_position] == '\'' && (_position + 1 >= text.Length || text[_position + 1] != '\''))
                    {
                        _position++;
                        return literal.ToString();
                    }

                    literal.Append(text[_position]);
                    _position += text[_position] == '\'' ? 2 : 1;
                }

                throw new NotSupportedException($"expression '{text}': unterminated string");
            }

            var start = _position;
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] is '.' or '_' or '-'))
            {
                _position++;
            }

            var word = text[start.._position];
            if (Take("()"))
            {
                return word switch
                {
                    "always" => "true",
                    "success" => owner.SucceededText,
                    "failure" => owner.SucceededText == "true" ? "false" : "true",
                    "cancelled" => "false",
                    _ => throw new NotSupportedException($"expression '{text}': function {word}() is not supported here"),
                };
            }

            return word switch
            {
                "" => throw new NotSupportedException($"expression '{text}': cannot evaluate from '{text[start..]}'"),
                "true" or "false" => word,
                _ when char.IsAsciiDigit(word[0]) => word,
                _ => owner.Resolve(word),
            };
        }

        private bool Take(string token)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) == 0)
            {
                _position += token.Length;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Take(token))
            {
                throw new NotSupportedException($"expression '{text}': expected '{token}' at {_position}");
            }
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }
    }

    private string SucceededText => succeeded ? "true" : "false";

    private string Resolve(string path) =>
        context(path) ?? (path.Split('.')[0] is "needs" or "steps" or "inputs" or "vars" or "secrets" or "matrix" or "env"
            ? "" // GitHub gives an empty string for a missing output, input, variable or secret
            : throw new NotSupportedException($"context '{path}' is not available to the local runner"));
}
