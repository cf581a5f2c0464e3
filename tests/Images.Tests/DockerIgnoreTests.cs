using Pipeline.Images.Building;

namespace Pipeline.Images.Tests;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("secret.txt", true)]
    [InlineData("src/secret.txt", false)] // a plain name is anchored at the context root
    [InlineData("bin", true)]
    [InlineData("bin/Debug/app.dll", true)] // a matching directory excludes everything below it
    [InlineData("src/bin/app.dll", false)]
    [InlineData("a.tmp", true)]
    [InlineData("deep/er/b.tmp", true)]
    [InlineData("keep.tmp", false)] // re-included by "!"
    [InlineData("docs/readme.md", true)]
    [InlineData("docs/public/index.md", false)]
    [InlineData("x/obj/y", true)]
    [InlineData("file1.log", true)]
    [InlineData("file12.log", false)]
    [InlineData("image-a.png", true)]
    [InlineData("image-d.png", false)]
    [InlineData("Dockerfile", false)]
    public void Applies_docker_semantics(string path, bool excluded)
    {
        var ignore = DockerIgnore.Parse("""
            # a comment line
            secret.txt
            /bin
            **/*.tmp
            !keep.tmp
            docs
            !docs/public
            **/obj
            file?.log
            image-[a-c].png

            """);

        Assert.Equal(excluded, ignore.IsExcluded(path));
    }

    [Fact]
    public void Last_matching_line_wins()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README.md\nREADME.md\n");

        Assert.True(ignore.IsExcluded("README.md"));
        Assert.True(ignore.IsExcluded("CHANGES.md"));
    }

    [Fact]
    public void Star_does_not_cross_directories_but_double_star_does()
    {
        var ignore = DockerIgnore.Parse("src/*.cs\nlogs/**\n");

        Assert.True(ignore.IsExcluded("src/a.cs"));
        Assert.False(ignore.IsExcluded("src/sub/a.cs"));
        Assert.True(ignore.IsExcluded("logs/2026/11/a.log"));
        Assert.False(ignore.IsExcluded("logs"));
    }

    [Fact]
    public void Everything_but_exceptions()
    {
        var ignore = DockerIgnore.Parse("*\n!src\n!*.csproj\n");

        Assert.True(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("src/Program.cs"));
        Assert.False(ignore.IsExcluded("App.csproj"));
    }

    [Fact]
    public void Paths_are_cleaned_and_blank_or_comment_lines_ignored()
    {
        var ignore = DockerIgnore.Parse("  ./out/  \r\n#out2\n\n   \n");

        Assert.True(ignore.IsExcluded("out/a"));
        Assert.False(ignore.IsExcluded("out2"));
        Assert.False(ignore.HasExceptions);
    }
}
