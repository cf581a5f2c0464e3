using System.Collections.Concurrent;

namespace Pipeline.Examples.IntegrationTests.Services;

/// <summary>
/// The examples' service images, each built once for the tests of <see cref="ExampleImagesCollection"/> (and removed
/// after them); a variant with an extra migration is built from a copy of the service's folder.
/// </summary>
public sealed class ExampleImages : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ServiceImage>>> built = new(StringComparer.Ordinal);
    private readonly string work = Directory.CreateTempSubdirectory("example-images-").FullName;

    /// <summary>
    /// The image of <paramref name="service"/> in <paramref name="example"/>; with <paramref name="withMigration"/>, of a
    /// copy of its folder with that file added to <c>migrations/versions</c>.
    /// </summary>
    public Task<ServiceImage> GetAsync(string example, string service, (string File, string Text)? withMigration = null)
    {
        var key = $"{example}/{service}/{withMigration?.File}";
        return built.GetOrAdd(key, _ => new Lazy<Task<ServiceImage>>(() => BuildAsync(example, service, withMigration))).Value;
    }

    private async Task<ServiceImage> BuildAsync(string example, string service, (string File, string Text)? withMigration)
    {
        var context = ExampleFolder.Service(example, service);
        if (withMigration is { } migration)
        {
            var copy = Path.Combine(work, $"{example}-{service}-{Path.GetFileNameWithoutExtension(migration.File)}");
            CopyDirectory(context, copy);
            await File.WriteAllTextAsync(Path.Combine(copy, "migrations", "versions", migration.File), migration.Text);
            context = copy;
        }

        return await ServiceImage.BuildAsync(context, service);
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var image in built.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
        {
            await (await image.Value).RemoveAsync();
        }

        Directory.Delete(work, recursive: true);
    }
}
