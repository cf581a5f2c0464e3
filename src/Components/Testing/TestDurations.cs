using System.Text.Json;
using Pipeline.Engine.Paths;

namespace Pipeline.Components.Testing;

/// <summary>
/// How long each test project took when it last ran (<c>.nuke/temp/test-durations.json</c>). Projects start longest
/// first, so the long ones do not end up running last while the other slots are idle; a project not seen yet starts
/// first. An unreadable record is ignored (the order is then by name).
/// </summary>
public sealed class TestDurations
{
    private readonly Dictionary<string, double> _seconds;

    private TestDurations(Dictionary<string, double> seconds) => _seconds = seconds;

    public static TestDurations Read(string path)
    {
        try
        {
            if (File.Exists(path) && JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(path)) is { } seconds)
            {
                return new TestDurations(new Dictionary<string, double>(seconds, StringComparer.Ordinal));
            }
        }
        catch (JsonException)
        {
        }

        return new TestDurations(new Dictionary<string, double>(StringComparer.Ordinal));
    }

    public IReadOnlyList<AbsolutePath> LongestFirst(IEnumerable<AbsolutePath> projects) =>
        [.. projects
            .OrderByDescending(p => _seconds.TryGetValue(NameOf(p), out var seconds) ? seconds : double.MaxValue)
            .ThenBy(p => p.ToString(), StringComparer.Ordinal)];

    public void Record(string project, TimeSpan duration) => _seconds[project] = Math.Round(duration.TotalSeconds, 1);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ordered = _seconds.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(ordered, new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
    }

    public static string NameOf(AbsolutePath project) => Path.GetFileNameWithoutExtension(project);
}
