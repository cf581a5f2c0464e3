using System.Globalization;
using Microsoft.Extensions.Logging;
using Pipeline.Deploy.Local;

namespace Pipeline.Deploy.Process;

/// <summary>
/// The environment's durable copies of published releases (<c>releases/&lt;version&gt;</c>): what a colour's process
/// runs from, and what an on-demand rollback starts again.
/// </summary>
internal static class ReleaseCopies
{
    /// <summary>
    /// Copies <paramref name="release"/>'s folder to <paramref name="releasesDirectory"/> (a new name when a running colour
    /// uses that version's copy) and returns the copy; a release that already is a copy is returned as it is.
    /// </summary>
    public static string Copy(Release release, EnvironmentState state, string releasesDirectory)
    {
        var source = Path.GetFullPath(release.Source);
        if (!Directory.Exists(source))
        {
            throw new DeployException($"release folder {source} does not exist: publish the app there first (dotnet publish -o {release.Source})");
        }

        var releases = Path.GetFullPath(releasesDirectory);
        if (Path.GetDirectoryName(source.TrimEnd(Path.DirectorySeparatorChar)) == releases)
        {
            return source; // already a durable copy (an on-demand rollback)
        }

        var inUse = state.Colours.Values.Select(c => Path.GetFullPath(c.Source)).ToHashSet(StringComparer.Ordinal);
        var target = Path.Combine(releases, release.Version);
        for (var n = 2; inUse.Contains(target); n++)
        {
            target = Path.Combine(releases, $"{release.Version}~{n.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        CopyDirectory(source, target + ".partial");
        Directory.Move(target + ".partial", target);
        return target;
    }

    /// <summary>Removes the copies no colour in <paramref name="state"/> and none of the last <paramref name="keep"/> successful deploys need.</summary>
    public static void Prune(LocalEnvironmentFolder folder, EnvironmentState state, int keep, ILogger logger)
    {
        if (!Directory.Exists(folder.ReleasesDirectory))
        {
            return;
        }

        var needed = state.Colours.Values.Select(c => Path.GetFullPath(c.Source))
            .Concat(folder.History.Latest(50).Where(r => r.Succeeded).Take(keep).Select(r => Path.GetFullPath(r.Release.Source)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(folder.ReleasesDirectory))
        {
            if (!needed.Contains(Path.GetFullPath(directory)))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException e)
                {
                    logger.LogDebug("Could not remove old release {Directory}: {Error}", directory, e.Message);
                }
            }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
