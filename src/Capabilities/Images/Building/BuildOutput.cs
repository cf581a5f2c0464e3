using System.Text;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Pipeline.Images.Building;

/// <summary>
/// Reads the legacy builder's JSON message stream (<c>stream</c>, <c>status</c>, <c>errorDetail</c>, <c>aux.ID</c>) as it
/// arrives: logs each complete output line, remembers the current <c>Step n/m</c> with its last lines, the error and the
/// image id. Reports synchronously (unlike <see cref="Progress{T}"/>) so lines keep their order.
/// </summary>
internal sealed partial class BuildOutput(ILogger logger, int tailSize = 10) : IProgress<JSONMessage>
{
    private readonly StringBuilder _partial = new();
    private readonly Queue<string> _tail = new();
    private string? _lastStatus;

    public string? CurrentStep { get; private set; }

    public string? Error { get; private set; }

    public string? ImageId { get; private set; }

    public IReadOnlyList<string> Tail => [.. _tail];

    public void Report(JSONMessage value)
    {
        if (value.Stream is { Length: > 0 } text)
        {
            Append(text);
        }

        if (value.Status is { Length: > 0 } status && status != _lastStatus)
        {
            _lastStatus = status; // pull progress repeats the same status; log each change once
            Line(value.ID is { Length: > 0 } id ? $"{id}: {status}" : status);
        }

        if (value.Error?.Message is { Length: > 0 } error)
        {
            Flush();
            Error = error.Trim();
            logger.LogError("{BuildError}", Error);
        }

        if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("ID", out var imageId) && imageId?.ToString() is { Length: > 0 } idText)
        {
            ImageId = idText;
        }
    }

    /// <summary>Logs a trailing line that had no newline yet.</summary>
    public void Flush()
    {
        if (_partial.Length > 0)
        {
            var rest = _partial.ToString();
            _partial.Clear();
            Line(rest);
        }
    }

    private void Append(string text)
    {
        _partial.Append(text);
        var buffered = _partial.ToString();
        var newline = buffered.LastIndexOf('\n');
        if (newline < 0)
        {
            return;
        }

        _partial.Clear().Append(buffered, newline + 1, buffered.Length - newline - 1);
        foreach (var line in buffered[..newline].Split('\n'))
        {
            Line(line.TrimEnd('\r'));
        }
    }

    private void Line(string line)
    {
        line = AnsiEscape().Replace(line, ""); // the legacy builder paints a step's stderr red
        if (StepPattern().IsMatch(line))
        {
            CurrentStep = line.Trim();
            _tail.Clear();
        }
        else if (line.Length > 0 && !EngineNotePattern().IsMatch(line))
        {
            _tail.Enqueue(line);
            while (_tail.Count > tailSize)
            {
                _tail.Dequeue();
            }
        }

        if (line.Length > 0)
        {
            logger.LogInformation("{BuildLine}", line);
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"^Step \d+/\d+ : ")]
    private static partial Regex StepPattern();

    // The engine's own bookkeeping lines are not the step's output.
    [GeneratedRegex(@"^( ---> |Removing intermediate container |Successfully (built|tagged) )")]
    private static partial Regex EngineNotePattern();
}
