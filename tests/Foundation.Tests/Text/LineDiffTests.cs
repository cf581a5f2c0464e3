using Pipeline.Foundation.Text;

namespace Pipeline.Foundation.Tests.Text;

public sealed class LineDiffTests
{
    [Fact]
    public void Unified_shows_hunks_with_context_as_git_does()
    {
        var diff = LineDiff.Unified("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nd\nE\nf\ng\nh\ni\n", "a/x", "b/x");

        Assert.Equal("--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", diff);
    }

    [Fact]
    public void Unified_of_a_new_file_adds_every_line()
    {
        Assert.Equal("--- /dev/null\n+++ b/x\n@@ -1,0 +1,2 @@\n+a\n+b\n", LineDiff.Unified("", "a\nb\n", "/dev/null", "b/x"));
    }

    [Fact]
    public void Equal_texts_have_no_diff_in_either_rendering()
    {
        Assert.Equal("", LineDiff.Unified("same\n", "same\n", "a", "b"));
        Assert.Equal("", LineDiff.Compact("a\nb\n", "a\nb"));
        Assert.Equal("", LineDiff.Compact("a\r\nb\r\n", "a\nb\n"));
    }

    [Fact]
    public void Compact_shows_changed_lines_with_context_and_separates_hunks()
    {
        var before = string.Join('\n', Enumerable.Range(1, 12).Select(i => $"line {i}"));
        var after = before.Replace("line 2", "line two", StringComparison.Ordinal).Replace("line 11", "line eleven", StringComparison.Ordinal);

        var diff = LineDiff.Compact(before, after, context: 1);

        Assert.Equal("  line 1\n- line 2\n+ line two\n  line 3\n  …\n  line 10\n- line 11\n+ line eleven\n  line 12\n", diff);
    }

    [Fact]
    public void Compact_keeps_close_changes_in_one_hunk()
    {
        var diff = LineDiff.Compact("a\nb\nc\nd\ne\nf\n", "a\nB\nc\nD\ne\nf\n", context: 1);

        Assert.Equal("  a\n- b\n+ B\n  c\n- d\n+ D\n  e\n", diff);
    }
}
