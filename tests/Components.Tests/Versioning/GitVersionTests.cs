using Pipeline.Components.Versioning;
using Pipeline.Engine.Tools;

namespace Pipeline.Components.Tests.Versioning;

/// <summary>Versions read from real git repositories, as MinVer computes them for <c>Pack</c>.</summary>
public sealed class GitVersionTests : IDisposable
{
    private readonly TemporaryRepository _repository = new();

    public void Dispose() => _repository.Dispose();

    private Task<GitVersion> ReadAsync(string? directory = null) =>
        GitVersion.ReadAsync(new ToolRunner(TextWriter.Null, directory ?? _repository.Path), null, CancellationToken.None);

    [Fact]
    public async Task Without_a_tag_the_version_is_the_initial_pre_release_with_the_commits_since_the_first()
    {
        var first = _repository.Commit();
        Assert.Equal("0.0.0-alpha.0", (await ReadAsync()).Version.ToString());

        var head = _repository.Commits(3);
        var version = await ReadAsync();

        Assert.Equal("0.0.0-alpha.0.3", version.Version.ToString());
        Assert.Equal(head, version.Commit);
        Assert.NotEqual(first, version.Commit);
        Assert.Equal($"0.0.0-alpha.0.3+{head[..7]}", version.Label);
    }

    [Fact]
    public async Task A_tagged_commit_has_the_tags_version_and_commits_after_it_the_next_patchs_pre_release_with_the_height()
    {
        _repository.Commits(2);
        _repository.Git("tag", "v1.2.3");
        var tagged = await ReadAsync();
        Assert.Equal(("1.2.3", 0, "v1.2.3"), (tagged.Version.ToString(), tagged.Height, tagged.Tag));

        var head = _repository.Commits(5);
        var later = await ReadAsync();

        Assert.Equal("1.2.4-alpha.0.5", later.Version.ToString());
        Assert.Equal($"1.2.4-alpha.0.5+{head[..7]}", later.Label);
        Assert.Equal("1.2.4-alpha.0.5", later.ImageVersion);
    }

    [Fact]
    public async Task An_annotated_pre_release_tag_gets_the_height_appended_and_tags_that_name_no_version_are_ignored()
    {
        _repository.Commit();
        _repository.Git("tag", "-a", "v2.0.0-rc.1", "-m", "release candidate");
        _repository.Commits(2);
        _repository.Git("tag", "nightly");
        _repository.Git("tag", "3.0.0"); // no "v": not a version tag here, as for Pack (MinVerTagPrefix v)
        _repository.Git("tag", "v3.0"); // not three numbers

        var version = await ReadAsync();

        Assert.Equal("2.0.0-rc.1.2", version.Version.ToString());
        Assert.Equal("v2.0.0-rc.1", version.Tag);
    }

    [Fact]
    public async Task After_a_merge_the_highest_version_on_either_side_wins()
    {
        _repository.Commit();
        _repository.Git("tag", "v1.0.0");
        _repository.Git("checkout", "--quiet", "-b", "feature");
        _repository.Commit("feature");
        _repository.Git("tag", "v1.1.0");
        _repository.Git("checkout", "--quiet", "main");
        _repository.Commits(3);
        _repository.Git("merge", "--quiet", "--no-ff", "-m", "merge feature", "feature");

        var version = await ReadAsync();

        // From the merge, v1.1.0 is one commit away (its second parent); v1.0.0 is lower whatever its height.
        Assert.Equal("1.1.1-alpha.0.1", version.Version.ToString());
        Assert.Equal("v1.1.0", version.Tag);
    }

    [Fact]
    public async Task A_changed_work_tree_is_said_in_the_version()
    {
        var head = _repository.Commit();
        _repository.Git("tag", "v1.0.0");
        Assert.False((await ReadAsync()).Dirty);

        await File.WriteAllTextAsync(Path.Combine(_repository.Path, "file1.txt"), "edited");
        var edited = await ReadAsync();
        Assert.True(edited.Dirty);
        Assert.Equal($"1.0.0+{head[..7]}.dirty", edited.Label);
        Assert.Equal("1.0.0+dirty", edited.ImageVersion);

        _repository.Git("checkout", "--", "file1.txt");
        await File.WriteAllTextAsync(Path.Combine(_repository.Path, "new.txt"), "not added yet");
        Assert.True((await ReadAsync()).Dirty);
    }

    [Fact]
    public async Task A_shallow_clone_is_noticed()
    {
        _repository.Commits(3);
        var clone = Directory.CreateTempSubdirectory("pipeline-git-clone-").FullName;
        using var shallow = new TemporaryRepository(clone);
        shallow.Git("clone", "--quiet", "--depth", "1", new Uri(_repository.Path).AbsoluteUri, clone);

        var version = await ReadAsync(clone);

        Assert.True(version.Shallow);
        Assert.Equal("0.0.0-alpha.0", version.Version.ToString()); // the shallow root looks like the first commit
        Assert.False((await ReadAsync()).Shallow);
    }

    [Fact]
    public async Task Outside_a_repository_or_before_the_first_commit_the_version_is_the_initial_one_without_a_commit()
    {
        Assert.Equal(GitVersion.Unknown, await ReadAsync()); // initialised, nothing committed
        var elsewhere = Directory.CreateTempSubdirectory("pipeline-no-git-");
        try
        {
            var version = await ReadAsync(elsewhere.FullName);
            Assert.Equal(("0.0.0-alpha.0", null), (version.Label, version.Commit));
        }
        finally
        {
            elsewhere.Delete();
        }
    }
}
