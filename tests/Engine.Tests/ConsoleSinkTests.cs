using Pipeline.Engine.Execution;
using Pipeline.Engine.Parameters;
using Pipeline.Engine.Targets;

namespace Pipeline.Engine.Tests;

[CollectionDefinition(nameof(ConsoleSinkTests), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>Console.Out is process-wide, so these run alone.</summary>
[Collection(nameof(ConsoleSinkTests))]
public sealed class ConsoleSinkTests : IDisposable
{
    private readonly BuildHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private sealed class Build : PipelineBuild
    {
        [Parameter, Secret]
        public string? Password;

        public Target Print => _ => _.Executes(() =>
        {
            Console.WriteLine($"console out {Password}");
            Console.Error.WriteLine($"console error {Password}");
        });
    }

    [Fact]
    public async Task Console_writes_from_user_code_pass_through_the_masking_sink()
    {
        var output = new StringWriter();
        var code = await BuildSession.RunAsync(new Build(), ["Print", "--password", "fake-pass-42"], [],
            new BuildOptions { RootDirectory = _harness.Root, Output = output, RedirectConsole = true });

        Assert.Equal(0, code);
        Assert.Contains("console out ***", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("console error ***", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("fake-pass-42", output.ToString(), StringComparison.Ordinal);
        Assert.IsNotType<Output.MaskingTextWriter>(Console.Out);
    }
}
