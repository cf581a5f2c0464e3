using System.Formats.Tar;

namespace Pipeline.Images.Building;

/// <summary>
/// Writes a build context directory as a tar stream, leaving out what <c>.dockerignore</c> excludes. The Dockerfile and
/// <c>.dockerignore</c> are always sent (as the docker CLI does), because the engine needs them to build.
/// </summary>
public static class BuildContext
{
    /// <summary>Relative paths (with <c>/</c>) of the files the context would contain, in tar order.</summary>
    public static IReadOnlyList<string> ListFiles(string contextDirectory, string dockerfile = "Dockerfile")
    {
        var ignore = DockerIgnore.Load(contextDirectory);
        return Walk(Path.GetFullPath(contextDirectory), ignore, Normalize(dockerfile))
            .Where(e => e.Kind != EntryKind.Directory)
            .Select(e => e.RelativePath)
            .ToList();
    }

    /// <summary>Writes the tar to <paramref name="destination"/>; returns the number of files written.</summary>
    public static async Task<int> WriteTarAsync(string contextDirectory, string dockerfile, Stream destination, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(contextDirectory);
        var ignore = DockerIgnore.Load(root);
        var files = 0;
        await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var entry in Walk(root, ignore, Normalize(dockerfile)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = entry.Info;
            var tarEntry = new PaxTarEntry(entry.Kind switch
            {
                EntryKind.Directory => TarEntryType.Directory,
                EntryKind.Symlink => TarEntryType.SymbolicLink,
                _ => TarEntryType.RegularFile,
            }, entry.Kind == EntryKind.Directory ? entry.RelativePath + "/" : entry.RelativePath)
            {
                ModificationTime = info.LastWriteTimeUtc,
                Uid = 0,
                Gid = 0,
            };
            if (!OperatingSystem.IsWindows() && entry.Kind != EntryKind.Symlink)
            {
                tarEntry.Mode = info.UnixFileMode;
            }

            switch (entry.Kind)
            {
                case EntryKind.Symlink:
                    tarEntry.LinkName = info.LinkTarget!;
                    await writer.WriteEntryAsync(tarEntry, cancellationToken);
                    break;
                case EntryKind.File:
                    var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                    await using (stream)
                    {
                        tarEntry.DataStream = stream;
                        await writer.WriteEntryAsync(tarEntry, cancellationToken);
                    }

                    files++;
                    break;
                default:
                    await writer.WriteEntryAsync(tarEntry, cancellationToken);
                    break;
            }
        }

        return files;
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');

    private static IEnumerable<Entry> Walk(string root, DockerIgnore ignore, string dockerfile)
    {
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            var children = directory.EnumerateFileSystemInfos()
                .OrderBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
            var subdirectories = new List<DirectoryInfo>();
            foreach (var info in children)
            {
                var relative = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
                var isLink = info.LinkTarget is not null;
                var excluded = ignore.IsExcluded(relative) && relative != dockerfile && relative != ".dockerignore";
                if (info is DirectoryInfo dir && !isLink)
                {
                    if (!excluded)
                    {
                        yield return new Entry(relative, EntryKind.Directory, info);
                    }

                    // An excluded directory is still walked when a "!" line could bring something inside it back.
                    if (!excluded || ignore.HasExceptions)
                    {
                        subdirectories.Add(dir);
                    }

                    continue;
                }

                if (!excluded)
                {
                    yield return new Entry(relative, isLink ? EntryKind.Symlink : EntryKind.File, info);
                }
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                pending.Push(subdirectories[i]);
            }
        }
    }

    private enum EntryKind
    {
        File,
        Directory,
        Symlink,
    }

    private sealed record Entry(string RelativePath, EntryKind Kind, FileSystemInfo Info);
}
