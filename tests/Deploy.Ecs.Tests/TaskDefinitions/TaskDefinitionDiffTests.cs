using Pipeline.Deploy.Ecs.TaskDefinitions;

namespace Pipeline.Deploy.Ecs.Tests.TaskDefinitions;

public sealed class TaskDefinitionDiffTests
{
    [Fact]
    public void Equal_texts_have_no_diff()
    {
        Assert.Equal("", TaskDefinitionDiff.Lines("a\nb\n", "a\nb"));
    }

    [Fact]
    public void Changed_lines_show_with_context_and_hunks_are_separated()
    {
        var before = string.Join('\n', Enumerable.Range(1, 12).Select(i => $"line {i}"));
        var after = before.Replace("line 2", "line two", StringComparison.Ordinal).Replace("line 11", "line eleven", StringComparison.Ordinal);

        var diff = TaskDefinitionDiff.Lines(before, after, context: 1);

        Assert.Equal("  line 1\n- line 2\n+ line two\n  line 3\n  …\n  line 10\n- line 11\n+ line eleven\n  line 12\n", diff);
    }
}
