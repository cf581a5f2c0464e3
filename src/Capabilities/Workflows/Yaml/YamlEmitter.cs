using System.Text;

namespace Pipeline.Workflows.Yaml;

/// <summary>
/// Writes a <see cref="YamlNode"/> tree in block style: two-space indentation, sequences indented under their key,
/// multi-line strings as <c>|</c> blocks, LF line endings and a trailing newline.
/// </summary>
internal static class YamlEmitter
{
    public static string Emit(YamlMapping root, IEnumerable<string> headerComments)
    {
        var builder = new StringBuilder();
        foreach (var comment in headerComments)
        {
            builder.Append("# ").Append(comment).Append('\n');
        }

        WriteMapping(builder, root, indent: 0, firstLinePrefix: null);
        return builder.ToString();
    }

    private static void WriteMapping(StringBuilder builder, YamlMapping mapping, int indent, string? firstLinePrefix)
    {
        var first = true;
        foreach (var (key, value) in mapping.Entries)
        {
            if (!first && mapping.BlankLineBetween)
            {
                builder.Append('\n');
            }

            builder.Append(first && firstLinePrefix is not null ? firstLinePrefix : new string(' ', indent));
            first = false;
            // GitHub's own files write the trigger key plain although YAML 1.1 reads a plain `on` as true.
            builder.Append(key == "on" ? key : YamlScalars.FormatText(key)).Append(':');
            WriteValue(builder, value, indent);
        }
    }

    // Writes what follows "key:" (the cursor is right after the colon).
    private static void WriteValue(StringBuilder builder, YamlNode value, int indent)
    {
        switch (value)
        {
            case YamlEmpty:
                builder.Append('\n');
                break;
            case YamlScalar { Kind: ScalarKind.Text or ScalarKind.Loose } scalar when scalar.Value.Contains('\n', StringComparison.Ordinal):
                WriteBlockScalar(builder, scalar.Value, indent + 2);
                break;
            case YamlScalar scalar:
                builder.Append(' ').Append(YamlScalars.Format(scalar));
                AppendComment(builder, scalar);
                builder.Append('\n');
                break;
            case YamlMapping { Entries.Count: 0 }:
                builder.Append(" {}\n");
                break;
            case YamlMapping mapping:
                builder.Append('\n');
                WriteMapping(builder, mapping, indent + 2, firstLinePrefix: null);
                break;
            case YamlSequence { Items.Count: 0 }:
                builder.Append(" []\n");
                break;
            case YamlSequence sequence when sequence.Flow && IsFlowable(sequence):
                builder.Append(" [")
                    .AppendJoin(", ", sequence.Items.Cast<YamlScalar>().Select(s => YamlScalars.Format(s, inFlow: true)))
                    .Append("]\n");
                break;
            case YamlSequence sequence:
                builder.Append('\n');
                WriteSequence(builder, sequence, indent + 2);
                break;
            default:
                throw new InvalidOperationException($"Unknown YAML node {value.GetType().Name}.");
        }
    }

    private static void WriteSequence(StringBuilder builder, YamlSequence sequence, int indent)
    {
        foreach (var item in sequence.Items)
        {
            var prefix = new string(' ', indent) + "- ";
            switch (item)
            {
                case YamlScalar scalar when !scalar.Value.Contains('\n', StringComparison.Ordinal):
                    builder.Append(prefix).Append(YamlScalars.Format(scalar));
                    AppendComment(builder, scalar);
                    builder.Append('\n');
                    break;
                case YamlMapping { Entries.Count: > 0 } mapping:
                    WriteMapping(builder, mapping, indent + 2, prefix);
                    break;
                default:
                    throw new InvalidOperationException("Sequence items are single-line scalars or non-empty mappings.");
            }
        }
    }

    private static void WriteBlockScalar(StringBuilder builder, string value, int indent)
    {
        var lines = value.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        builder.Append(" |");
        if (lines[0].StartsWith(' '))
        {
            builder.Append('2'); // the content's own leading spaces must not be taken for indentation
        }

        builder.Append('\n');
        var pad = new string(' ', indent);
        foreach (var line in lines)
        {
            if (line.Length > 0)
            {
                builder.Append(pad).Append(line);
            }

            builder.Append('\n');
        }
    }

    private static bool IsFlowable(YamlSequence sequence) =>
        sequence.Items.All(i => i is YamlScalar { Comment: null } s && (s.Kind != ScalarKind.Text || YamlScalars.IsPlainSafe(s.Value, inFlow: true)));

    private static void AppendComment(StringBuilder builder, YamlScalar scalar)
    {
        if (scalar.Comment is not null)
        {
            builder.Append(" # ").Append(scalar.Comment);
        }
    }
}
