using Pipeline.Engine;
using Pipeline.Engine.Execution;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Tests;

/// <summary>The Test target skips when the last green run had the same inputs, and a failed run never records.</summary>
public sealed class TestUpToDateTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-uptodate-").FullName;

    public TestUpToDateTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        Write("src/Lib/Lib.cs", "class Lib {}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string RecordPath => Path.Combine(_root, ".nuke", "temp", "test-inputs.json");

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>A build whose unit test projects are given: none (a green run) or one that was never built (a red one).</summary>
    private sealed class Build(params string[] projects) : PipelineBuild, ITest
    {
        IEnumerable<AbsolutePath> ITest.TestProjects => projects.Select(p => RootDirectory / p);
    }

    private (int Code, string Output) Run(Build build, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var code = BuildSession.RunAsync(build, ["Test", "--skip", "--coverage-threshold", "0", .. args], [],
            new BuildOptions { RootDirectory = _root, Output = output }).GetAwaiter().GetResult();
        return (code, output.ToString());
    }

    [Fact]
    public void A_green_run_records_and_the_next_run_on_the_same_inputs_skips_saying_why()
    {
        var (first, firstOutput) = Run(new Build());
        Assert.True(first == 0, firstOutput);
        Assert.True(File.Exists(RecordPath));
        Assert.DoesNotContain("Test skipped", firstOutput, StringComparison.Ordinal);

        var (second, output) = Run(new Build());
        Assert.Equal(0, second);
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("Test skipped: ", StringComparison.Ordinal));
        Assert.Matches(@"^Test skipped: unit tests passed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d on the same inputs \(1 files of src/ and tests/, build files, Release\); --force-tests to run them$", line);
        Assert.Contains("\nTests: 0 passed, 0 failed, 0 skipped\n", firstOutput, StringComparison.Ordinal);
        Assert.Contains("Line coverage", firstOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Line coverage", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_source_or_force_tests_runs_them_again()
    {
        Assert.Equal(0, Run(new Build()).Code);

        Write("src/Lib/Lib.cs", "class Lib { }");
        Assert.DoesNotContain("Test skipped", Run(new Build()).Output, StringComparison.Ordinal);
        Assert.Contains("Test skipped", Run(new Build()).Output, StringComparison.Ordinal);

        Assert.DoesNotContain("Test skipped", Run(new Build(), "--force-tests").Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Test skipped", Run(new Build(), "--coverage-threshold", "1").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_run_removes_the_record_and_never_writes_one()
    {
        Assert.Equal(0, Run(new Build()).Code);
        Assert.True(File.Exists(RecordPath));

        // A project that was never built: dotnet test --no-build fails on it.
        Write("tests/Missing.Tests/Missing.Tests.csproj", """<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>""");
        var (code, output) = Run(new Build("tests/Missing.Tests/Missing.Tests.csproj"), "--force-tests");
        Assert.Equal(1, code);
        Assert.True(output.Contains("✗ Missing.Tests", StringComparison.Ordinal), output);
        Assert.False(File.Exists(RecordPath));

        Assert.Equal(1, Run(new Build("tests/Missing.Tests/Missing.Tests.csproj")).Code);
        Assert.False(File.Exists(RecordPath));
    }
}
