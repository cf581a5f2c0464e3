using System.Text;

namespace Pipeline.Testing.Workflows.Runner;

/// <summary>
/// What the actions generated workflows use do, done locally: checkout (the job's clone already is the checkout),
/// setup-dotnet and cache (this machine's SDK and package folder), upload/download-artifact (a folder per artifact
/// name, upload-artifact v4+ refusing a second upload of the same name and leaving out hidden files unless asked), configure-aws-credentials (exports the
/// stand-in's credentials; fails without a role, as the real action does without credentials).
/// </summary>
public static class ActionStandIns
{
    public sealed record Result(bool Succeeded, string Log);

    public static Result Run(
        string uses, Func<string, string?> with, string workspace, string artifactStore, RunnerSettings settings, Dictionary<string, string> jobEnv)
    {
        var action = uses.Split('@')[0];
        return action switch
        {
            "actions/checkout" or "actions/setup-dotnet" or "actions/cache" => new Result(true, $"  ({action}: done by the local runner)\n"),
            "actions/upload-artifact" => Upload(with, workspace, artifactStore),
            "actions/download-artifact" => Download(with, workspace, artifactStore),
            "aws-actions/configure-aws-credentials" => ConfigureAws(with, settings, jobEnv),
            _ => new Result(false, $"Error: action '{action}' has no local stand-in\n"),
        };
    }

    /// <summary>
    /// As upload-artifact v4.4+: one path or several (one per line), stored relative to their least common ancestor;
    /// files and folders whose name starts with a dot are left out unless <c>include-hidden-files</c> is true.
    /// </summary>
    private static Result Upload(Func<string, string?> with, string workspace, string artifactStore)
    {
        var name = with("name") ?? "artifact";
        var paths = (with("path") ?? ".").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var target = Path.Combine(artifactStore, name);
        if (Directory.Exists(target))
        {
            return new Result(false, $"Error: an artifact named '{name}' already exists in this run (upload-artifact v4+ refuses it)\n");
        }

        var hidden = (with("include-hidden-files") ?? "false") == "true";
        var sources = paths.Select(p => Path.GetFullPath(Path.Combine(workspace, p))).ToList();
        var files = sources.SelectMany(source => File.Exists(source) ? [source]
                : Directory.Exists(source) ? Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories) : [])
            .Where(file => hidden || !Path.GetRelativePath(workspace, file).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .Distinct()
            .ToList();
        var shown = string.Join(", ", paths);
        if (files.Count == 0)
        {
            return (with("if-no-files-found") ?? "warn") == "error"
                ? new Result(false, $"Error: No files were found with the provided path: {shown}. No artifacts will be uploaded.\n")
                : new Result(true, $"  no files at {shown}; nothing uploaded\n");
        }

        var root = CommonAncestor(sources.Select(s => File.Exists(s) ? Path.GetDirectoryName(s)! : s).ToList());
        foreach (var file in files)
        {
            var destination = Path.Combine(target, Path.GetRelativePath(root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return new Result(true, $"  uploaded {shown} as '{name}' ({files.Count} files)\n");
    }

    private static string CommonAncestor(IReadOnlyList<string> folders)
    {
        var common = folders[0];
        while (!folders.All(f => f == common || f.StartsWith(common + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            common = Path.GetDirectoryName(common)!;
        }

        return common;
    }

    private static Result Download(Func<string, string?> with, string workspace, string artifactStore)
    {
        var name = with("name") ?? "artifact";
        var source = Path.Combine(artifactStore, name);
        if (!Directory.Exists(source))
        {
            return new Result(false, $"Error: Artifact not found for name: {name}\n");
        }

        var target = Path.Combine(workspace, (with("path") ?? "."));
        Directory.CreateDirectory(target);
        Copy(source, target);
        return new Result(true, $"  downloaded '{name}' into {(with("path") ?? ".")}\n");
    }

    private static Result ConfigureAws(Func<string, string?> with, RunnerSettings settings, Dictionary<string, string> jobEnv)
    {
        if (string.IsNullOrEmpty(with("role-to-assume")))
        {
            return new Result(false, "Error: Credentials could not be loaded, please check your action inputs: role-to-assume is empty\n");
        }

        var log = new StringBuilder($"  assumed {with("role-to-assume")} (stand-in credentials)\n");
        foreach (var (key, value) in settings.AwsCredentials)
        {
            jobEnv[key] = value;
        }

        if (with("aws-region") is { Length: > 0 } region)
        {
            jobEnv["AWS_REGION"] = region;
            jobEnv["AWS_DEFAULT_REGION"] = region;
        }

        return new Result(true, log.ToString());
    }

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
