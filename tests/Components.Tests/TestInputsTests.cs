using Pipeline.Components.Testing;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Tests;

public sealed class TestInputsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipeline-inputs-").FullName;

    public TestInputsTests()
    {
        Write("src/Lib/Lib.cs", "class Lib {}");
        Write("tests/Lib.Tests/LibTests.cs", "class LibTests {}");
        Write("Directory.Packages.props", "<Project />");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private TestInputs Compute(params string[] settings) => TestInputs.Compute(new AbsolutePath(_root), settings);

    [Fact]
    public void The_same_tree_and_settings_give_the_same_hash()
    {
        var first = Compute("Release");
        Assert.Equal(first, Compute("Release"));
        Assert.Equal(3, first.Files);
    }

    [Theory]
    [InlineData("src/Lib/Lib.cs", "class Lib { int x; }")]
    [InlineData("src/Lib/New.cs", "class New {}")]
    [InlineData("tests/Lib.Tests/Data/expected.json", "{}")]
    [InlineData("Directory.Packages.props", "<Project><ItemGroup /></Project>")]
    [InlineData("global.json", "{}")]
    [InlineData(".editorconfig", "root = true")]
    public void A_changed_or_new_input_changes_the_hash(string relative, string content)
    {
        var before = Compute("Release");
        Write(relative, content);
        Assert.NotEqual(before.Hash, Compute("Release").Hash);
    }

    [Theory]
    [InlineData("src/Lib/bin/Release/Lib.dll")]
    [InlineData("tests/Lib.Tests/obj/project.assets.json")]
    [InlineData("tests/Lib.Tests/TestResults/x.trx")]
    [InlineData("build/Build.cs")]
    [InlineData("README.md")]
    [InlineData("artifacts/coverage/a.xml")]
    public void Build_output_and_files_outside_the_inputs_do_not_count(string relative)
    {
        var before = Compute("Release");
        Write(relative, "anything");
        Assert.Equal(before, Compute("Release"));
    }

    [Fact]
    public void Settings_count_and_a_file_renamed_counts()
    {
        var before = Compute("Release");
        Assert.NotEqual(before.Hash, Compute("Debug").Hash);

        File.Move(Path.Combine(_root, "src/Lib/Lib.cs"), Path.Combine(_root, "src/Lib/Renamed.cs"));
        Assert.NotEqual(before.Hash, Compute("Release").Hash);
    }

    [Fact]
    public async Task The_record_round_trips_and_a_corrupt_one_reads_as_none()
    {
        var path = Path.Combine(_root, ".nuke/temp/test-inputs.json");
        var record = new PassedTestsRecord("abc", new DateTimeOffset(2026, 11, 29, 21, 0, 0, TimeSpan.Zero));
        await record.WriteAsync(path, CancellationToken.None);
        Assert.Equal(record, PassedTestsRecord.Read(path));

        await File.WriteAllTextAsync(path, "{ not json");
        Assert.Null(PassedTestsRecord.Read(path));

        PassedTestsRecord.Forget(path);
        Assert.Null(PassedTestsRecord.Read(path));
    }
}
