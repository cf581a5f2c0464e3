using Pipeline.Components.Testing;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Tests;

public sealed class TestDurationsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pipeline-test-durations-").FullName;

    private string File => Path.Combine(_directory, "test-durations.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static AbsolutePath Project(string name) => new($"/repo/tests/{name}/{name}.csproj");

    [Fact]
    public async Task Projects_start_longest_first_and_a_new_one_before_all()
    {
        var durations = TestDurations.Read(File);
        durations.Record("A.Tests", TimeSpan.FromSeconds(5));
        durations.Record("B.Tests", TimeSpan.FromSeconds(21.5));
        durations.Record("C.Tests", TimeSpan.FromSeconds(12));
        await durations.WriteAsync(File, CancellationToken.None);

        var order = TestDurations.Read(File).LongestFirst([Project("A.Tests"), Project("B.Tests"), Project("C.Tests"), Project("New.Tests")]);

        Assert.Equal(["New.Tests", "B.Tests", "C.Tests", "A.Tests"], order.Select(TestDurations.NameOf));
    }

    [Fact]
    public async Task A_run_of_some_projects_keeps_what_is_known_of_the_others()
    {
        var first = TestDurations.Read(File);
        first.Record("A.Tests", TimeSpan.FromSeconds(5));
        first.Record("B.Tests", TimeSpan.FromSeconds(9));
        await first.WriteAsync(File, CancellationToken.None);

        var second = TestDurations.Read(File);
        second.Record("A.Tests", TimeSpan.FromSeconds(30));
        await second.WriteAsync(File, CancellationToken.None);

        Assert.Equal(["A.Tests", "B.Tests"], TestDurations.Read(File).LongestFirst([Project("B.Tests"), Project("A.Tests")]).Select(TestDurations.NameOf));
    }

    [Fact]
    public void An_unreadable_record_orders_by_name()
    {
        System.IO.File.WriteAllText(File, "{ not json");

        var order = TestDurations.Read(File).LongestFirst([Project("B.Tests"), Project("A.Tests")]);

        Assert.Equal(["A.Tests", "B.Tests"], order.Select(TestDurations.NameOf));
    }
}
