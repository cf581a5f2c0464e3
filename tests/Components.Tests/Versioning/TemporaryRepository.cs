using System.Diagnostics;

namespace Pipeline.Components.Tests.Versioning;

/// <summary>A real git repository in a temporary folder, committed to with a fixed identity and no signing.</summary>
internal sealed class TemporaryRepository : IDisposable
{
    private int _files;

    public TemporaryRepository(string? path = null)
    {
        Path = path ?? Directory.CreateTempSubdirectory("pipeline-git-").FullName;
        if (path is null)
        {
            Git("init", "--quiet", "--initial-branch=main");
        }
    }

    public string Path { get; }

    /// <summary>Commits a new file; returns the commit.</summary>
    public string Commit(string message = "change")
    {
        File.WriteAllText(System.IO.Path.Combine(Path, $"file{++_files}.txt"), message);
        Git("add", "--all");
        Git("commit", "--quiet", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>Commits <paramref name="count"/> times; returns the last commit.</summary>
    public string Commits(int count)
    {
        var last = "";
        for (var i = 0; i < count; i++)
        {
            last = Commit($"change {i}");
        }

        return last;
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["GIT_CONFIG_GLOBAL"] = "/dev/null",
                ["GIT_CONFIG_NOSYSTEM"] = "1",
                ["GIT_AUTHOR_NAME"] = "Pipeline test",
                ["GIT_AUTHOR_EMAIL"] = "test@pipeline.example",
                ["GIT_COMMITTER_NAME"] = "Pipeline test",
                ["GIT_COMMITTER_EMAIL"] = "test@pipeline.example",
            },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEndAsync();
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)} ended with {git.ExitCode}: {error.Result}");
        return output.Trim();
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
