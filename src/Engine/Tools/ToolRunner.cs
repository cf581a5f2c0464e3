using System.ComponentModel;
using CliWrap;

namespace Pipeline.Engine.Tools;

/// <summary>
/// Runs external tools, streaming each output line to the build output as it comes (through the masking sink). On a
/// non-zero exit it throws <see cref="ToolFailedException"/> with the command, the exit code and the last lines.
/// Cancellation first interrupts the tool (SIGINT), then kills it after a grace period. A <c>quiet</c> filter keeps lines
/// it matches off the output (they stay in the result and in a failure's tail).
/// </summary>
public sealed class ToolRunner(TextWriter output, string defaultWorkingDirectory)
{
    private const int TailLines = 25;

    public static TimeSpan KillGracePeriod { get; } = TimeSpan.FromSeconds(10);

    public async Task<ToolResult> RunAsync(
        string tool,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool echo = true,
        bool allowFailure = false,
        CancellationToken cancellationToken = default,
        Func<string, bool>? quiet = null)
    {
        var args = arguments.ToList();
        var display = string.Join(' ', new[] { tool }.Concat(args.Select(Quote)));
        var lines = new List<string>();
        var gate = new Lock();

        void OnLine(string line)
        {
            lock (gate)
            {
                lines.Add(line);
                if (echo && quiet?.Invoke(line) != true)
                {
                    output.WriteLine(line);
                }
            }
        }

        if (echo)
        {
            output.WriteLine($"> {display}");
        }

        var command = Cli.Wrap(tool)
            .WithArguments(args)
            .WithWorkingDirectory(workingDirectory ?? defaultWorkingDirectory)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithStandardOutputPipe(PipeTarget.ToDelegate(OnLine))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(OnLine))
            .WithValidation(CommandResultValidation.None);

        using var forceful = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var escalate = cancellationToken.Register(() => forceful.CancelAfter(KillGracePeriod));
        int exitCode;
        try
        {
            exitCode = (await command.ExecuteAsync(forceful.Token, cancellationToken)).ExitCode;
        }
        catch (Win32Exception e)
        {
            throw new ToolNotFoundException($"'{tool}' could not be started ({e.Message}); install it or put it on PATH.");
        }

        output.Flush();
        if (exitCode != 0 && !allowFailure)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ToolFailedException(display, exitCode, [.. lines.TakeLast(TailLines)]);
        }

        return new ToolResult(exitCode, lines);
    }

    private static string Quote(string argument) =>
        argument.Length == 0 || argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : argument;
}

