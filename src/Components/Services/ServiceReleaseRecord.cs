using System.Text.Json;

namespace Pipeline.Components.Services;

/// <summary>
/// The release an environment was last given from this checkout: its version and the image each service runs (by
/// digest when deployed by digest), in <c>.pipeline/releases/&lt;environment&gt;.json</c>. Status shows it beside
/// what each platform reports.
/// </summary>
public sealed record ServiceReleaseRecord(string Environment, string Version, DateTimeOffset DeployedAt, IReadOnlyDictionary<string, string> Images)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathOf(string rootDirectory, string environment) => Path.Combine(rootDirectory, ".pipeline", "releases", environment + ".json");

    /// <summary>Records the release, keeping the images of services this deploy did not touch (<c>--service</c>).</summary>
    public async Task WriteAsync(string rootDirectory, CancellationToken cancellationToken)
    {
        var path = PathOf(rootDirectory, Environment);
        var images = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (service, image) in (Read(rootDirectory, Environment)?.Images ?? new Dictionary<string, string>()).Concat(Images))
        {
            images[service] = image;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this with { Images = images }, Json) + "\n", cancellationToken);
    }

    /// <summary>The recorded release of <paramref name="environment"/>, or null when none is recorded (or it cannot be read).</summary>
    public static ServiceReleaseRecord? Read(string rootDirectory, string environment)
    {
        try
        {
            var path = PathOf(rootDirectory, environment);
            return File.Exists(path) ? JsonSerializer.Deserialize<ServiceReleaseRecord>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}
