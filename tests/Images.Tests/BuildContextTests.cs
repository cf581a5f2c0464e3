using System.Formats.Tar;
using Pipeline.Images.Building;
using Pipeline.Testing.Images;

namespace Pipeline.Images.Tests;

public sealed class BuildContextTests
{
    [Fact]
    public void Lists_what_dockerignore_leaves_in()
    {
        var files = BuildContext.ListFiles(ImageAssets.Hello);

        Assert.Equal([".dockerignore", "Dockerfile", "greeting.txt", "notes/keep.tmp"], files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Always_sends_the_dockerfile_and_dockerignore()
    {
        using var context = ImageAssets.TempContext("FROM scratch\n");
        File.WriteAllText(Path.Combine(context, ".dockerignore"), "*\n");
        File.WriteAllText(Path.Combine(context, "app.txt"), "x");

        var files = BuildContext.ListFiles(context);

        Assert.Equal([".dockerignore", "Dockerfile"], files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Writes_a_tar_with_file_contents()
    {
        using var tar = new MemoryStream();
        var count = await BuildContext.WriteTarAsync(ImageAssets.Hello, "Dockerfile", tar, CancellationToken.None);
        tar.Position = 0;

        var entries = new Dictionary<string, string>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            entries[entry.Name] = entry.DataStream is null ? "" : await new StreamReader(entry.DataStream).ReadToEndAsync();
        }

        Assert.Equal(4, count);
        Assert.Equal("hello from pipeline\n", entries["greeting.txt"]);
        Assert.Contains("notes/", entries.Keys);
        Assert.DoesNotContain("secret.txt", entries.Keys);
    }

    [Fact]
    public async Task Symlinks_are_sent_as_links_even_when_dangling()
    {
        using var context = ImageAssets.TempContext("FROM scratch\n");
        File.WriteAllText(Path.Combine(context, "real.txt"), "x");
        File.CreateSymbolicLink(Path.Combine(context, "link.txt"), "real.txt");
        File.CreateSymbolicLink(Path.Combine(context, "loop"), Path.Combine(context, "loop"));
        using var tar = new MemoryStream();

        await BuildContext.WriteTarAsync(context, "Dockerfile", tar, CancellationToken.None);
        tar.Position = 0;

        var links = new Dictionary<string, string>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            if (entry.EntryType == TarEntryType.SymbolicLink)
            {
                links[entry.Name] = entry.LinkName;
            }
        }

        Assert.Equal("real.txt", links["link.txt"]);
        Assert.Equal(Path.Combine(context, "loop"), links["loop"]);
    }
}
